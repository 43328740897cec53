import "server-only";
import type { RetryOrderResponse } from "../../contracts/order";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { createOrder } from "./create-order";

/**
 * "Try again" on a failed order: the same frozen story as a new order of
 * this session. It goes through createOrder like any order (photos must
 * still be this session's and ready), and one failed order gives at most one
 * new order however often the button is pressed (a fixed idempotency key).
 */
export async function retryOrder(input: { sessionId: string; orderId: string }): Promise<RetryOrderResponse> {
  const order = await getDb().order.findFirst({
    where: { id: input.orderId, sessionId: input.sessionId },
    select: { id: true, status: true, spec: true },
  });
  if (!order) throw new AppError("not_found", "No such order");
  if (order.status !== "failed" && order.status !== "canceled") {
    throw new AppError("conflict", "Only a video that could not be made can be tried again");
  }
  return createOrder({ sessionId: input.sessionId, body: order.spec, idempotencyKey: `retry:${order.id}` });
}
