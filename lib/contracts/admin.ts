import { z } from "zod";
import type { OrderStatus, QueueDepth } from "./order";

// The operator's console API (admin credential): /api/admin/stats,
// /api/admin/workers, /api/admin/jobs/{orderId} and the actions.

export const statsWindowSchema = z.enum(["1h", "24h", "7d"]);
export type StatsWindow = z.infer<typeof statsWindowSchema>;

/** GET /api/admin/stats?window= */
export type AdminStats = {
  window: StatsWindow;
  /** When the figures were computed (ISO). */
  at: string;
  orders: { received: number; done: number; failed: number; canceled: number };
  /** Width of one point of the series below, seconds (60 for 1h, 900 for 24h, 3600 for 7d). */
  bucketSeconds: number;
  /** Orders per minute in each bucket (a bucket's count ÷ its minutes); `t` is the bucket's start, epoch seconds. */
  perMinute: Array<{ t: number; received: number; done: number; failed: number }>;
  /** Render time of the videos finished in each bucket, seconds (null: none finished). */
  renderSecondsSeries: Array<{ t: number; p50: number | null; p95: number | null }>;
  /** Queue and fleet samples (one per 15 s, thinned to at most ~400 points). */
  samples: Array<{ t: number; visible: number | null; inFlight: number | null; deadLetter: number | null; workers: number; rendering: number }>;
  /** Render time (encode, from pick-up to encoded) of the videos finished in the window. Null when none. */
  renderSeconds: { min: number; p50: number; avg: number; p95: number; max: number } | null;
  /** Accepted → first picked up, for the orders picked up in the window. Null when none. */
  queueWaitSeconds: { p50: number; p95: number; max: number } | null;
  /** Age of the longest-waiting queued order now; 0 when nothing waits. */
  oldestWaitingSeconds: number;
  /** CPU seconds (worker process tree, every attempt) per video finished in the window. Null when none. */
  cpuSecondsPerVideo: number | null;
  costPerVideoUsd: number | null;
  pricePerVcpuHourUsd: number;
  /** Null when SQS cannot be reached. */
  queue: QueueDepth | null;
  /** `desired`: what the fleet manager (the launcher's autoscaler) last reported, null when unknown. */
  fleet: { running: number; rendering: number; desired: number | null };
};

export type WorkerState = "idle" | "rendering" | "stopped";

/** One row of GET /api/admin/workers */
export type WorkerView = {
  host: string;
  version: string;
  state: WorkerState;
  orderId: string | null;
  startedAt: string;
  lastSeenAt: string;
  rendersDone: number;
  rendersFailed: number;
  lost: boolean;
};

export type AttemptView = {
  number: number;
  host: string;
  startedAt: string;
  endedAt: string | null;
  /** done, failed, retry, canceled, released, skipped; "lost" when it never ended and the order moved on. */
  outcome: string | null;
  errorDetail: string | null;
  renderMs: number | null;
  uploadMs: number | null;
  cpuSeconds: number | null;
};

/** GET /api/admin/jobs/{orderId} */
export type AdminJobDetail = {
  id: string;
  title: string | null;
  status: OrderStatus;
  progress: number;
  createdAt: string;
  enqueuedAt: string | null;
  pickedUpAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  workerHost: string | null;
  error: string | null;
  errorDetail: string | null;
  spec: { slides: number; durationMs: number | null; aspectRatio: string; resolution: string; transition: string; hasMusic: boolean; hasTitleCard: boolean; kenBurnsSlides: number };
  figures: { queueWaitMs: number | null; renderMs: number | null; uploadMs: number | null; cpuSeconds: number; frames: number | null; outputBytes: number | null; durationMs: number | null };
  attempts: AttemptView[];
  videoUrl: string | null;
  posterUrl: string | null;
};

/** POST /api/admin/jobs/retry-failed and /api/admin/dead-letters/redrive */
export type BulkActionResult = { count: number };
