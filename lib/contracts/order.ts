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
  /** When done: app URLs that redirect to freshly signed storage URLs, so they never expire on an open page. */
  downloadUrl?: string;
  videoUrl?: string;
  posterUrl?: string;
  durationMs?: number;
  /** While queued: 1 when this order is next, 2 when one is ahead, … */
  queuePosition?: number;
  /** While queued, when there is anything to go on: the time until it starts and until it is ready (recent render times and the work ahead). */
  queueEstimate?: { startsInMs: number; readyInMs: number };
  /** When done, for the owner only: a public link that shows the video to anyone who has it. */
  shareUrl?: string;
  /**
   * When it failed because one file could not be read: which one. Ordering
   * the same story again would fail the same way, so "Try again" opens a
   * copy in the editor with that photo flagged (POST …/copy) instead.
   */
  unreadableInput?: { kind: "photo"; number: number };
};

/** One row of GET /api/orders: this session's orders, newest first. */
export type OrderSummary = {
  id: string;
  title: string | null;
  status: OrderStatus;
  progress: number;
  createdAt: string;
  slides: number;
  /** The length of the finished video, or the planned length before it is done. */
  durationMs: number | null;
  posterUrl?: string;
  /** As in OrderView. */
  unreadableInput?: OrderView["unreadableInput"];
};

export type OrderList = { items: OrderSummary[] };

/** GET /share/{token}: what anyone with the link sees. */
export type SharedVideoView = {
  title: string | null;
  durationMs: number | null;
  /** App URLs (redirects to freshly signed storage URLs): they work as long as the video exists. */
  videoUrl: string;
  posterUrl: string;
  /** The video's frame size, for link previews. */
  width: number | null;
  height: number | null;
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
  /** Render time of the attempt that made the video, ms. */
  renderMs: number | null;
  /** Accepted (or re-queued) → first picked up, ms. */
  queueWaitMs: number | null;
};

export type QueueDepth = { visible: number; inFlight: number; deadLetter: number };

export type AdminJobsPage = {
  items: AdminJobView[];
  nextCursor: string | null;
  queue: QueueDepth | null;
};

export type CreateOrderResponse = { orderId: string; statusUrl: string };

/** POST /api/orders/{orderId}/retry: the new order made from the failed one's story. */
export type RetryOrderResponse = CreateOrderResponse;
