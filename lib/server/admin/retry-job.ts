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

/**
 * Orders an operator may put back in the queue: not deleted by their owner,
 * and not failed because one of their files cannot be read (the accepted
 * bytes never change, so it would fail again, every time: the customer
 * replaces the file in a copy instead). Used by every re-queue path.
 */
export const REQUEUEABLE = { deletedAt: null, failedAssetId: null } as const;

/** Puts a failed or canceled order back in the queue. */
export async function retryJob(orderId: string): Promise<void> {
  const { count } = await getDb().order.updateMany({
    where: { id: orderId, status: { in: ["failed", "canceled"] }, ...REQUEUEABLE },
    data: REQUEUE_FIELDS,
  });
  if (count === 0) {
    const exists = await getDb().order.findUnique({ where: { id: orderId }, select: { status: true, deletedAt: true, failedAssetId: true, failedSlideIndex: true } });
    if (!exists) throw new AppError("not_found", "No such order");
    if (exists.deletedAt) throw new AppError("conflict", "The customer deleted this video; it is not made again");
    if (exists.status === "failed" && exists.failedAssetId) {
      throw new AppError(
        "conflict",
        `Retrying would fail again: its photo ${(exists.failedSlideIndex ?? 0) + 1} (asset ${exists.failedAssetId}) could not be read, and accepted files never change. The customer can replace it with "Try again", which opens a copy in the editor.`,
      );
    }
    throw new AppError("conflict", `Only failed or canceled orders can be retried; this one is ${exists.status}`);
  }
  log.info({ orderId }, "order.retried");
  await enqueueOrder(orderId);
}
