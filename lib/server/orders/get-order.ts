import "server-only";
import type { OrderView } from "../../contracts/order";
import { getDb, type Order } from "../../platform/db";
import { getConfig } from "../../platform/config";
import { AppError } from "../errors/app-error";
import { createShareToken } from "../share/share-token";
import { getOrderTitle } from "./download-name";
import { estimateQueueWait, getQueueWorkload } from "./estimate-queue-wait";
import { orderMediaPath } from "./get-order-media";

export function toOrderView(order: Order): OrderView {
  const title = getOrderTitle(order);
  const view: OrderView = {
    id: order.id,
    title,
    status: order.status,
    progress: order.progress,
    createdAt: order.createdAt.toISOString(),
    startedAt: order.startedAt?.toISOString() ?? null,
    finishedAt: order.finishedAt?.toISOString() ?? null,
    attempts: order.attempts,
  };
  if (order.status === "failed") view.error = order.error ?? "The video could not be made.";
  const unreadable = getUnreadableInput(order);
  if (unreadable) view.unreadableInput = unreadable;
  if (order.status === "done" && order.videoKey && order.posterKey) {
    Object.assign(view, {
      downloadUrl: orderMediaPath(order.id, "download"),
      videoUrl: orderMediaPath(order.id, "video"),
      posterUrl: orderMediaPath(order.id, "poster"),
      durationMs: order.durationMs ?? undefined,
    });
  }
  return view;
}

/** A failed order's file that could not be read (worker/src/process-order.ts records it), or undefined. */
export function getUnreadableInput(order: Pick<Order, "status" | "failedAssetId" | "failedSlideIndex">): OrderView["unreadableInput"] {
  if (order.status !== "failed" || !order.failedAssetId || order.failedSlideIndex === null) return undefined;
  return { kind: "photo", number: order.failedSlideIndex + 1 };
}

/** This session's order, not deleted: 404 for another session's (it does not exist for you), 410 once deleted. */
export async function findOwnOrder(input: { sessionId: string; orderId: string }): Promise<Order> {
  const order = await getDb().order.findFirst({ where: { id: input.orderId, sessionId: input.sessionId } });
  if (!order) throw new AppError("not_found", "No such order");
  if (order.deletedAt) throw new AppError("gone", "This video was deleted");
  return order;
}

/** The public page of a finished video; only its owner is given it. */
export function getSharePath(orderId: string): string {
  return `/share/${createShareToken(orderId, getConfig().sessionSecret)}`;
}

/** An order of this session, or 404: another session's order does not exist for you; 410 once deleted. */
export async function getOrder(input: { sessionId: string; orderId: string }): Promise<OrderView> {
  const order = await findOwnOrder(input);
  const view = toOrderView(order);
  if (order.status === "queued") {
    const workload = await getQueueWorkload(order);
    view.queuePosition = workload.queuedAhead + 1;
    const estimate = estimateQueueWait(workload);
    if (estimate) view.queueEstimate = estimate;
  }
  if (view.videoUrl) view.shareUrl = getSharePath(order.id);
  return view;
}
