import "server-only";
import { getDb } from "../../platform/db";
import { log } from "../../platform/log";
import { enqueueOrder } from "../../platform/enqueue-order";
import { REQUEUEABLE, REQUEUE_FIELDS } from "./retry-job";

/** At most this many failed orders are put back per call (call again for more). */
export const RETRY_FAILED_BATCH = 500;

/** Puts every failed order (up to RETRY_FAILED_BATCH, oldest first) back in the queue; returns how many. Orders whose file cannot be read, and deleted ones, are left alone (REQUEUEABLE). */
export async function retryFailedJobs(): Promise<{ count: number }> {
  const db = getDb();
  const failed = await db.order.findMany({ where: { status: "failed", ...REQUEUEABLE }, orderBy: { createdAt: "asc" }, take: RETRY_FAILED_BATCH, select: { id: true } });
  let count = 0;
  for (const { id } of failed) {
    // One by one, so an order that changed meanwhile is left alone.
    const updated = await db.order.updateMany({ where: { id, status: "failed", ...REQUEUEABLE }, data: REQUEUE_FIELDS });
    if (updated.count === 0) continue;
    count += 1;
    // If SQS is down the order stays queued with enqueuedAt null; the sweeper sends it.
    await enqueueOrder(id);
  }
  log.info({ count }, "admin.retried_failed");
  return { count };
}
