import "server-only";
import { storySpecSchema } from "../../contracts/story-spec";
import { computeTimeline } from "../../timeline";
import { getDb, type Order } from "../../platform/db";

// How long a queued order will wait, from how fast renders went lately and
// how much video is ahead of it: the orders queued before it and what is left
// of the ones being rendered, shared among the renderers at work. Speed is
// render time per second of video, so a 2-minute story ahead counts for more
// than a 5-second one.

/** Finished renders looked at for the typical speed. */
const RECENT_RENDERS = 20;
/** Queued orders ahead whose length is read; beyond, each counts as the mean of those. */
const MAX_AHEAD_READ = 500;
/** A render in progress is projected from its own pace once it is this far along (rough before). */
const MIN_PROGRESS_TO_PROJECT = 0.1;

export type QueueWorkload = {
  /** Orders queued before this one, and the planned video length of each (ms). */
  queuedAhead: number;
  aheadVideoMs: number[];
  /** This order's planned video length (ms). */
  ownVideoMs: number;
  /** Orders being rendered now. */
  rendering: Array<{ progress: number; elapsedMs: number; videoMs: number; workerHost: string | null }>;
  /** Recent finished renders: wall time and video length. */
  recent: Array<{ renderMs: number; videoMs: number }>;
};

export type QueueEstimate = { startsInMs: number; readyInMs: number };

/**
 * The time until the order starts and until it is ready, or null with
 * nothing to go on (no render finished or far enough along yet).
 */
export function estimateQueueWait(workload: QueueWorkload): QueueEstimate | null {
  // Render milliseconds per millisecond of video.
  const rates = workload.recent.filter((r) => r.renderMs > 0 && r.videoMs > 0).map((r) => r.renderMs / r.videoMs);
  for (const render of workload.rendering) {
    if (render.progress >= MIN_PROGRESS_TO_PROJECT && render.videoMs > 0) rates.push(render.elapsedMs / render.progress / render.videoMs);
  }
  if (!rates.length) return null;
  const rate = median(rates);
  const left = workload.rendering.reduce((sum, render) => {
    const projected = render.progress >= MIN_PROGRESS_TO_PROJECT ? render.elapsedMs / render.progress : rate * render.videoMs;
    return sum + Math.max(0, projected - render.elapsedMs);
  }, 0);
  const read = workload.aheadVideoMs;
  const meanAhead = read.length ? read.reduce((a, b) => a + b, 0) / read.length : workload.ownVideoMs;
  const aheadMs = read.reduce((a, b) => a + b, 0) + Math.max(0, workload.queuedAhead - read.length) * meanAhead;
  const renderers = Math.max(1, new Set(workload.rendering.map((render, i) => render.workerHost ?? `unknown-${i}`)).size);
  const startsInMs = Math.round((rate * aheadMs + left) / renderers);
  return { startsInMs, readyInMs: Math.round(startsInMs + rate * workload.ownVideoMs) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The planned length of an order's video; 0 for a spec that does not parse (it will fail at once). */
function plannedVideoMs(spec: unknown): number {
  const parsed = storySpecSchema.safeParse(spec);
  return parsed.success ? computeTimeline(parsed.data).durationMs : 0;
}

/** The work ahead of a queued order, read from the orders table. */
export async function getQueueWorkload(order: Pick<Order, "createdAt" | "spec">, now = new Date()): Promise<QueueWorkload> {
  const db = getDb();
  const ahead = { status: "queued" as const, createdAt: { lt: order.createdAt } };
  const [queuedAhead, aheadRows, rendering, recent] = await Promise.all([
    db.order.count({ where: ahead }),
    db.order.findMany({ where: ahead, orderBy: { createdAt: "asc" }, take: MAX_AHEAD_READ, select: { spec: true } }),
    db.order.findMany({ where: { status: "rendering" }, select: { progress: true, startedAt: true, workerHost: true, spec: true } }),
    db.order.findMany({
      where: { status: "done", startedAt: { not: null }, finishedAt: { not: null }, durationMs: { not: null } },
      orderBy: { finishedAt: "desc" },
      take: RECENT_RENDERS,
      select: { startedAt: true, finishedAt: true, durationMs: true },
    }),
  ]);
  return {
    queuedAhead,
    aheadVideoMs: aheadRows.map((row) => plannedVideoMs(row.spec)),
    ownVideoMs: plannedVideoMs(order.spec),
    rendering: rendering.map((render) => ({
      progress: render.progress,
      elapsedMs: render.startedAt ? Math.max(0, now.getTime() - render.startedAt.getTime()) : 0,
      videoMs: plannedVideoMs(render.spec),
      workerHost: render.workerHost,
    })),
    recent: recent.map((done) => ({ renderMs: done.finishedAt!.getTime() - done.startedAt!.getTime(), videoMs: done.durationMs! })),
  };
}
