import "server-only";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { log } from "../../platform/log";
import { enqueueOrder } from "../../platform/enqueue-order";

/** What re-queueing an order resets (its queue wait is measured again from the new enqueuedAt). */
export const REQUEUE_FIELDS = {
  status: "queued",
  progress: 0,
  error: null,
  errorDetail: null,
  finishedAt: null,
  enqueuedAt: null,
  pickedUpAt: null,
  queueWaitMs: null,
} as const;

/** Puts a failed or canceled order back in the queue. */
export async function retryJob(orderId: string): Promise<void> {
  const { count } = await getDb().order.updateMany({
    where: { id: orderId, status: { in: ["failed", "canceled"] } },
    data: REQUEUE_FIELDS,
  });
  if (count === 0) {
    const exists = await getDb().order.findUnique({ where: { id: orderId }, select: { status: true } });
    if (!exists) throw new AppError("not_found", "No such order");
    throw new AppError("conflict", `Only failed or canceled orders can be retried; this one is ${exists.status}`);
  }
  log.info({ orderId }, "order.retried");
  await enqueueOrder(orderId);
}
