import "server-only";
import { timingSafeEqual } from "node:crypto";
import { Gauge, Registry } from "prom-client";
import { orderStatusSchema } from "../../contracts/order";
import { getQueueDepth } from "../../platform/render-queue";
import { getConfig } from "../../platform/config";
import { getDb } from "../../platform/db";
import { countLiveWorkers } from "../../platform/workers";
import { log } from "../../platform/log";
import { isAdminAuthorized } from "./admin-auth";

/** Histogram buckets, seconds. */
export const RENDER_SECONDS_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
export const QUEUE_WAIT_SECONDS_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

/** Whether a scrape may read /api/metrics: the admin credential, or `Bearer <METRICS_TOKEN>`. */
export function isMetricsAuthorized(authorization: string | null, config: { adminPassword?: string; metricsToken?: string }): boolean {
  if (isAdminAuthorized(authorization, config.adminPassword)) return true;
  if (!config.metricsToken || !authorization) return false;
  const [scheme, value = ""] = authorization.split(" ", 2);
  const left = Buffer.from(value);
  const right = Buffer.from(config.metricsToken);
  return scheme.toLowerCase() === "bearer" && left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A histogram read from Postgres at scrape time: the workers do the renders,
 * so the web process observes nothing itself; the counts over every order
 * ever finished are cumulative like any Prometheus histogram. Registered as
 * a plain prom-client metric object (name, help, type, get()).
 */
function databaseHistogram(input: { name: string; help: string; column: "renderMs" | "queueWaitMs"; buckets: number[]; where: string }) {
  return {
    name: input.name,
    help: input.help,
    type: "histogram" as const,
    aggregator: "sum" as const,
    async get() {
      const filters = input.buckets.map((b, i) => `count(*) FILTER (WHERE "${input.column}" <= ${b * 1000}) AS b${i}`).join(", ");
      // Columns, buckets and filters are constants of this module, never input.
      const [row] = await getDb().$queryRawUnsafe<Array<Record<string, bigint | number | null>>>(
        `SELECT ${filters}, count(*) AS n, coalesce(sum("${input.column}"), 0)::float8 / 1000 AS sum FROM "Order" WHERE "${input.column}" IS NOT NULL AND ${input.where}`,
      );
      const values = input.buckets.map((b, i) => ({ metricName: `${input.name}_bucket`, labels: { le: b }, value: Number(row[`b${i}`]) }));
      values.push({ metricName: `${input.name}_bucket`, labels: { le: "+Inf" as unknown as number }, value: Number(row.n) });
      return {
        name: input.name,
        help: input.help,
        type: "histogram" as const,
        aggregator: "sum" as const,
        values: [...values, { metricName: `${input.name}_sum`, labels: {}, value: Number(row.sum) }, { metricName: `${input.name}_count`, labels: {}, value: Number(row.n) }],
      };
    },
  };
}

/** The Prometheus exposition of /api/metrics: queue depths, orders by state, render-time and queue-wait histograms, workers. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const queueDepth = new Gauge({ name: "reelmaker_queue_messages", help: "Messages in the render queue by state (visible, in_flight, dead_letter)", labelNames: ["state"], registers: [registry] });
  const orders = new Gauge({ name: "reelmaker_orders", help: "Orders by status", labelNames: ["status"], registers: [registry] });
  const workers = new Gauge({ name: "reelmaker_workers", help: "Render workers heartbeating, by state (idle, rendering)", labelNames: ["state"], registers: [registry] });
  const sqsUp = new Gauge({ name: "reelmaker_queue_up", help: "1 when SQS answered the depth query", registers: [registry] });
  registry.registerMetric(
    databaseHistogram({ name: "reelmaker_render_seconds", help: "Render time (pick-up to encoded) of finished videos", column: "renderMs", buckets: RENDER_SECONDS_BUCKETS, where: `status = 'done'` }) as never,
  );
  registry.registerMetric(
    databaseHistogram({ name: "reelmaker_queue_wait_seconds", help: "Accepted (or re-queued) to first picked up", column: "queueWaitMs", buckets: QUEUE_WAIT_SECONDS_BUCKETS, where: "true" }) as never,
  );

  const [depth, byStatus, live] = await Promise.all([
    getQueueDepth().catch((error: unknown) => {
      log.warn({ err: error }, "metrics.queue_depth_failed");
      return null;
    }),
    getDb().order.groupBy({ by: ["status"], _count: { _all: true } }),
    countLiveWorkers(),
  ]);
  sqsUp.set(depth ? 1 : 0);
  if (depth) {
    queueDepth.set({ state: "visible" }, depth.visible);
    queueDepth.set({ state: "in_flight" }, depth.inFlight);
    queueDepth.set({ state: "dead_letter" }, depth.deadLetter);
  }
  for (const status of orderStatusSchema.options) orders.set({ status }, byStatus.find((r) => r.status === status)?._count._all ?? 0);
  workers.set({ state: "idle" }, live.workers - live.rendering);
  workers.set({ state: "rendering" }, live.rendering);
  return { body: await registry.metrics(), contentType: registry.contentType };
}

export const getMetricsConfig = () => {
  const { adminPassword, metricsToken } = getConfig();
  return { adminPassword, metricsToken };
};
