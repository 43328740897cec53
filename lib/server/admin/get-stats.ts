import "server-only";
import { statsWindowSchema, type AdminStats, type StatsWindow } from "../../contracts/admin";
import type { QueueDepth } from "../../contracts/order";
import { getQueueDepth } from "../../platform/render-queue";
import { getConfig } from "../../platform/config";
import { Prisma, getDb } from "../../platform/db";
import { getDesiredWorkers } from "../fleet/fleet-state";
import { countLiveWorkers } from "../../platform/workers";
import { recordFleetSample } from "../../platform/fleet-sample";
import { log } from "../../platform/log";

const WINDOWS: Record<StatsWindow, { seconds: number; bucketSeconds: number }> = {
  "1h": { seconds: 3600, bucketSeconds: 60 },
  "24h": { seconds: 86_400, bucketSeconds: 900 },
  "7d": { seconds: 604_800, bucketSeconds: 3600 },
};
/** The fleet samples are thinned to about this many points per window. */
const MAX_SAMPLES = 400;

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(Number(ms)) / 1000);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The console's figures for a window ending `now`. Percentiles are
 * Postgres' percentile_cont (linear between the two nearest values). Render
 * time is pick-up → encoded of the attempt that made the video; queue wait
 * is acceptance (or re-queueing) → first pick-up; CPU seconds are the
 * worker's process tree (Node + ffmpeg) over every attempt of the videos
 * finished in the window, priced at PRICE_PER_VCPU_HOUR.
 */
export async function getStats(input: { window?: string | null; now?: Date; queue?: QueueDepth | null } = {}): Promise<AdminStats> {
  const window = statsWindowSchema.parse(input.window || "1h");
  const { seconds: windowSeconds, bucketSeconds } = WINDOWS[window];
  const now = input.now ?? new Date();
  const from = new Date(now.getTime() - windowSeconds * 1000);
  const db = getDb();

  const queuePromise =
    input.queue !== undefined
      ? Promise.resolve(input.queue)
      : getQueueDepth().catch((error: unknown) => {
          log.warn({ err: error }, "admin.queue_depth_failed");
          return null;
        });

  const [counts] = await db.$queryRaw<Array<{ received: bigint; done: bigint; failed: bigint; canceled: bigint }>>`
    SELECT count(*) FILTER (WHERE "createdAt" >= ${from} AND "createdAt" <= ${now}) AS received,
           count(*) FILTER (WHERE status = 'done' AND "finishedAt" >= ${from} AND "finishedAt" <= ${now}) AS done,
           count(*) FILTER (WHERE status = 'failed' AND "finishedAt" >= ${from} AND "finishedAt" <= ${now}) AS failed,
           count(*) FILTER (WHERE status = 'canceled' AND "finishedAt" >= ${from} AND "finishedAt" <= ${now}) AS canceled
    FROM "Order"
    WHERE ("createdAt" >= ${from} AND "createdAt" <= ${now}) OR ("finishedAt" >= ${from} AND "finishedAt" <= ${now})`;

  const [render] = await db.$queryRaw<Array<{ n: bigint; min: number | null; p50: number | null; avg: number | null; p95: number | null; max: number | null; cpu: number | null }>>`
    SELECT count("renderMs") AS n, min("renderMs")::float8 AS min,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "renderMs") AS p50,
           avg("renderMs")::float8 AS avg,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "renderMs") AS p95,
           max("renderMs")::float8 AS max,
           avg("cpuSeconds")::float8 AS cpu
    FROM "Order" WHERE status = 'done' AND "finishedAt" >= ${from} AND "finishedAt" <= ${now}`;

  const [wait] = await db.$queryRaw<Array<{ n: bigint; p50: number | null; p95: number | null; max: number | null }>>`
    SELECT count("queueWaitMs") AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "queueWaitMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "queueWaitMs") AS p95,
           max("queueWaitMs")::float8 AS max
    FROM "Order" WHERE "pickedUpAt" >= ${from} AND "pickedUpAt" <= ${now} AND "queueWaitMs" IS NOT NULL`;

  const [oldest] = await db.$queryRaw<Array<{ since: Date | null }>>`
    SELECT min(CASE WHEN attempts = 0 THEN "createdAt" ELSE coalesce("enqueuedAt", "createdAt") END) AS since
    FROM "Order" WHERE status = 'queued' AND "createdAt" <= ${now}`;

  const bucket = Prisma.sql`${bucketSeconds}::int`;
  const receivedRows = await db.$queryRaw<Array<{ t: number; n: bigint }>>`
    SELECT (floor(extract(epoch FROM "createdAt") / ${bucket}) * ${bucket})::float8 AS t, count(*) AS n
    FROM "Order" WHERE "createdAt" >= ${from} AND "createdAt" <= ${now} GROUP BY 1`;
  const finishedRows = await db.$queryRaw<Array<{ t: number; done: bigint; failed: bigint; p50: number | null; p95: number | null }>>`
    SELECT (floor(extract(epoch FROM "finishedAt") / ${bucket}) * ${bucket})::float8 AS t,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "renderMs") FILTER (WHERE status = 'done') AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "renderMs") FILTER (WHERE status = 'done') AS p95
    FROM "Order" WHERE "finishedAt" >= ${from} AND "finishedAt" <= ${now} AND status IN ('done', 'failed') GROUP BY 1`;

  const slotsPerPoint = Math.max(1, Math.ceil(windowSeconds / 15 / MAX_SAMPLES));
  const sampleRows = await db.$queryRaw<Array<{ t: Date; visible: number | null; inFlight: number | null; deadLetter: number | null; workers: number; rendering: number }>>`
    SELECT min("at") AS t, max(visible) AS visible, max("inFlight") AS "inFlight", max("deadLetter") AS "deadLetter",
           max(workers) AS workers, max(rendering) AS rendering
    FROM "FleetSample" WHERE "at" >= ${from} AND "at" <= ${now}
    GROUP BY slot / ${slotsPerPoint}::int ORDER BY 1`;

  const received = new Map(receivedRows.map((r) => [Number(r.t), Number(r.n)]));
  const finished = new Map(finishedRows.map((r) => [Number(r.t), r]));
  const perMinute: AdminStats["perMinute"] = [];
  const renderSecondsSeries: AdminStats["renderSecondsSeries"] = [];
  const minutes = bucketSeconds / 60;
  const first = Math.floor(from.getTime() / 1000 / bucketSeconds) * bucketSeconds;
  for (let t = first; t <= now.getTime() / 1000; t += bucketSeconds) {
    const row = finished.get(t);
    perMinute.push({
      t,
      received: round((received.get(t) ?? 0) / minutes, 2),
      done: round(Number(row?.done ?? 0) / minutes, 2),
      failed: round(Number(row?.failed ?? 0) / minutes, 2),
    });
    renderSecondsSeries.push({ t, p50: seconds(row?.p50), p95: seconds(row?.p95) });
  }

  const [queue, live, desired] = await Promise.all([queuePromise, countLiveWorkers(now), getDesiredWorkers(now)]);
  if (!input.now) {
    await recordFleetSample({ now, queue }).catch((error: unknown) => log.warn({ err: error }, "fleet.sample_failed"));
  }
  const { pricePerVcpuHour } = getConfig();
  const cpuSecondsPerVideo = Number(counts.done) > 0 && render.cpu !== null ? round(Number(render.cpu), 2) : null;
  return {
    window,
    at: now.toISOString(),
    orders: { received: Number(counts.received), done: Number(counts.done), failed: Number(counts.failed), canceled: Number(counts.canceled) },
    bucketSeconds,
    perMinute,
    renderSecondsSeries,
    samples: sampleRows.map((r) => ({
      t: Math.floor(new Date(r.t).getTime() / 1000),
      visible: r.visible,
      inFlight: r.inFlight,
      deadLetter: r.deadLetter,
      workers: r.workers,
      rendering: r.rendering,
    })),
    renderSeconds:
      Number(render.n) > 0
        ? { min: seconds(render.min)!, p50: seconds(render.p50)!, avg: seconds(render.avg)!, p95: seconds(render.p95)!, max: seconds(render.max)! }
        : null,
    queueWaitSeconds: Number(wait.n) > 0 ? { p50: seconds(wait.p50)!, p95: seconds(wait.p95)!, max: seconds(wait.max)! } : null,
    oldestWaitingSeconds: oldest.since ? Math.max(0, Math.round((now.getTime() - new Date(oldest.since).getTime()) / 1000)) : 0,
    cpuSecondsPerVideo,
    costPerVideoUsd: cpuSecondsPerVideo === null ? null : round((cpuSecondsPerVideo / 3600) * pricePerVcpuHour, 6),
    pricePerVcpuHourUsd: pricePerVcpuHour,
    queue,
    fleet: { running: live.workers, rendering: live.rendering, desired },
  };
}
