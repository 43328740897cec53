import "server-only";
import type { RetryOrderResponse } from "../../contracts/order";
import { AppError } from "../errors/app-error";
import { createOrder } from "./create-order";
import { findOwnOrder, getUnreadableInput } from "./get-order";

/**
 * "Try again" on a failed order: the same frozen story as a new order of
 * this session. It goes through createOrder like any order (photos must
 * still be this session's and ready), and one failed order gives at most one
 * new order however often the button is pressed (a fixed idempotency key).
 * An order that failed because one of its files cannot be read is refused:
 * the same bytes would fail again; the page offers a copy in the editor with
 * that file flagged instead (copy-order-to-draft.ts).
 */
export async function retryOrder(input: { sessionId: string; orderId: string }): Promise<RetryOrderResponse> {
  const order = await findOwnOrder(input);
  if (order.status !== "failed" && order.status !== "canceled") {
    throw new AppError("conflict", "Only a video that could not be made can be tried again");
  }
  const unreadable = getUnreadableInput(order);
  if (unreadable) {
    throw new AppError("conflict", `This video would fail again: photo ${unreadable.number} could not be read. Replace it in a copy of the story: the order page's "Replace and try again".`);
  }
  return createOrder({ sessionId: input.sessionId, body: order.spec, idempotencyKey: `retry:${order.id}` });
}
