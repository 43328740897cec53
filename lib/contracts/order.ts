import { z } from "zod";

export const orderStatusSchema = z.enum(["queued", "rendering", "done", "failed", "canceled"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ["done", "failed", "canceled"];

export const isTerminalStatus = (status: OrderStatus) => TERMINAL_ORDER_STATUSES.includes(status);

/** GET /api/orders/{orderId} */
export type OrderView = {
  id: string;
  title: string | null;
  status: OrderStatus;
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  error?: string;
  downloadUrl?: string;
  videoUrl?: string;
  posterUrl?: string;
  durationMs?: number;
};

/** One row of GET /api/admin/jobs */
export type AdminJobView = {
  id: string;
  title: string | null;
  status: OrderStatus;
  progress: number;
  attempts: number;
  workerHost: string | null;
  slides: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  errorDetail: string | null;
};

export type QueueDepth = { visible: number; inFlight: number; deadLetter: number };

export type AdminJobsPage = {
  items: AdminJobView[];
  nextCursor: string | null;
  queue: QueueDepth | null;
};

export type CreateOrderResponse = { orderId: string; statusUrl: string };
