import "server-only";
import { getDb, type Order } from "../db/client";

// How long a queued order will wait, from how long renders took lately and
// how much work is ahead of it: the orders queued before it and what is left
// of the ones being rendered, shared among the renderers at work.

/** Finished renders looked at for the typical render time. */
const RECENT_RENDERS = 20;
/** A render in progress counts towards the typical time once it is this far along (its projection is rough before). */
const MIN_PROGRESS_TO_PROJECT = 0.1;

export type QueueWorkload = {
  /** Orders queued before this one. */
  queuedAhead: number;
  /** Orders being rendered now: how far each is, how long it has run and on which renderer. */
  rendering: Array<{ progress: number; elapsedMs: number; workerHost: string | null }>;
  /** Wall times of recent finished renders. */
  recentRenderMs: number[];
};

export type QueueEstimate = { startsInMs: number; readyInMs: number };

/**
 * The time until the order starts and until it is ready, or null with
 * nothing to go on (no render finished or far enough along yet).
 */
export function estimateQueueWait(workload: QueueWorkload): QueueEstimate | null {
  const samples = [...workload.recentRenderMs.filter((ms) => ms > 0)];
  for (const render of workload.rendering) {
    if (render.progress >= MIN_PROGRESS_TO_PROJECT) samples.push(render.elapsedMs / render.progress);
  }
  if (!samples.length) return null;
  const typical = median(samples);
  const left = workload.rendering.reduce((sum, render) => {
    const projected = render.progress >= MIN_PROGRESS_TO_PROJECT ? render.elapsedMs / render.progress : typical;
    return sum + Math.max(0, projected - render.elapsedMs);
  }, 0);
  const renderers = Math.max(1, new Set(workload.rendering.map((render, i) => render.workerHost ?? `unknown-${i}`)).size);
  const startsInMs = Math.round((workload.queuedAhead * typical + left) / renderers);
  return { startsInMs, readyInMs: Math.round(startsInMs + typical) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The work ahead of a queued order, read from the orders table. */
export async function getQueueWorkload(order: Pick<Order, "createdAt">, now = new Date()): Promise<QueueWorkload> {
  const db = getDb();
  const [queuedAhead, rendering, recent] = await Promise.all([
    db.order.count({ where: { status: "queued", createdAt: { lt: order.createdAt } } }),
    db.order.findMany({ where: { status: "rendering" }, select: { progress: true, startedAt: true, workerHost: true } }),
    db.order.findMany({
      where: { status: "done", startedAt: { not: null }, finishedAt: { not: null } },
      orderBy: { finishedAt: "desc" },
      take: RECENT_RENDERS,
      select: { startedAt: true, finishedAt: true },
    }),
  ]);
  return {
    queuedAhead,
    rendering: rendering.map((render) => ({
      progress: render.progress,
      elapsedMs: render.startedAt ? Math.max(0, now.getTime() - render.startedAt.getTime()) : 0,
      workerHost: render.workerHost,
    })),
    recentRenderMs: recent.map((done) => done.finishedAt!.getTime() - done.startedAt!.getTime()),
  };
}
