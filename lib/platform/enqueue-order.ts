import { STORY_SPEC_VERSION } from "../contracts/story-spec";
import { sendRenderMessage } from "./render-queue";
import { getDb } from "./db";
import { log } from "./log";

/**
 * Sends an order's render message and records when. If SQS is unreachable
 * the order stays stored with enqueuedAt null; the worker's sweeper sends it
 * later. A duplicate send is harmless: rendering is idempotent per order.
 */
export async function enqueueOrder(orderId: string): Promise<boolean> {
  try {
    await sendRenderMessage({ type: "render", orderId, specVersion: STORY_SPEC_VERSION });
  } catch (error: unknown) {
    log.warn({ orderId, err: error }, "order.enqueue_failed");
    return false;
  }
  await getDb().order.update({ where: { id: orderId }, data: { enqueuedAt: new Date() } });
  log.info({ orderId }, "order.enqueued");
  return true;
}
