import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { getS3 } from "../../lib/platform/aws";
import { posterKey, videoKey } from "../../lib/platform/storage";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { log } from "../../lib/platform/log";

/** The reason a job's AbortSignal carries when its order was canceled. */
export class OrderCanceledError extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} was canceled`);
    this.name = "OrderCanceledError";
  }
}

/**
 * Checks the order's row every `intervalMs` while it renders and aborts the
 * job with an OrderCanceledError once it is `canceled` (POST …/cancel by the
 * customer or an operator). The render's AbortSignal then kills ffmpeg.
 * A failed check is only logged: the next one tries again.
 */
export function watchForCancel(input: { orderId: string; job: AbortController; intervalMs: number }): () => void {
  const { orderId, job, intervalMs } = input;
  let isChecking = false;
  const timer = setInterval(() => {
    if (isChecking || job.signal.aborted) return;
    isChecking = true;
    getDb()
      .order.findUnique({ where: { id: orderId }, select: { status: true } })
      .then((order) => {
        if (order?.status === "canceled" && !job.signal.aborted) {
          log.info({ orderId }, "render.cancel_noticed");
          job.abort(new OrderCanceledError(orderId));
        }
      })
      .catch((error: unknown) => log.warn({ orderId, err: error }, "render.cancel_check_failed"))
      .finally(() => (isChecking = false));
  }, intervalMs);
  return () => clearInterval(timer);
}

/**
 * Deletes the order's poster and video from S3 if the order was canceled:
 * a cancel that lands while the outputs upload must not leave them behind.
 * An order finished by another worker keeps its outputs.
 */
export async function discardOutputsIfCanceled(orderId: string): Promise<void> {
  const order = await getDb().order.findUnique({ where: { id: orderId }, select: { status: true } });
  if (order?.status !== "canceled") return;
  const { bucket } = getConfig();
  await Promise.all(
    [posterKey(orderId), videoKey(orderId)].map((key) => getS3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))),
  );
  log.info({ orderId }, "render.canceled_outputs_removed");
}
