import "server-only";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { log } from "../../platform/log";

export const CANCELABLE_STATUSES = ["queued", "rendering"] as const;

/**
 * Cancels a queued or rendering order: a queued one is skipped when its
 * message comes up (acknowledged, never rendered); a rendering one is
 * noticed by its worker within WORKER_CANCEL_CHECK_SECONDS, which kills
 * ffmpeg, removes partial outputs and acknowledges the message. With a
 * `sessionId` only that session's order can be canceled (others are 404).
 */
export async function cancelOrder(input: { orderId: string; sessionId?: string; by: "customer" | "operator" }): Promise<{ status: "canceled" }> {
  const owner = input.sessionId ? { sessionId: input.sessionId } : {};
  const { count } = await getDb().order.updateMany({
    where: { id: input.orderId, ...owner, deletedAt: null, status: { in: [...CANCELABLE_STATUSES] } },
    data: { status: "canceled", finishedAt: new Date(), errorDetail: `canceled by the ${input.by}` },
  });
  if (count === 0) {
    const order = await getDb().order.findFirst({ where: { id: input.orderId, ...owner }, select: { status: true } });
    if (!order) throw new AppError("not_found", "No such order");
    throw new AppError("conflict", `Only a queued or rendering order can be canceled; this one is ${order.status}`);
  }
  log.info({ orderId: input.orderId, by: input.by }, "order.canceled");
  return { status: "canceled" };
}
