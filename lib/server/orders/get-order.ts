import "server-only";
import type { OrderView } from "../../contracts/order";
import { storySpecSchema } from "../../contracts/story-spec";
import { presignDownload } from "../aws/storage";
import { getDb, type Order } from "../db/client";
import { getConfig } from "../config";
import { AppError } from "../errors/app-error";
import { createShareToken } from "../share/share-token";

/** "Our summer!" → "our-summer.mp4"; falls back to the order id. */
export function getDownloadName(title: string | null | undefined, orderId: string): string {
  const slug = (title ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return `${slug || `reelmaker-${orderId.slice(0, 8).toLowerCase()}`}.mp4`;
}

export function getOrderTitle(order: Pick<Order, "spec">): string | null {
  const parsed = storySpecSchema.safeParse(order.spec);
  return parsed.success ? (parsed.data.title ?? null) : null;
}

export async function toOrderView(order: Order): Promise<OrderView> {
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
  if (order.status === "done" && order.videoKey && order.posterKey) {
    const [downloadUrl, videoUrl, posterUrl] = await Promise.all([
      presignDownload(order.videoKey, { downloadName: getDownloadName(title, order.id), contentType: "video/mp4" }),
      presignDownload(order.videoKey, { contentType: "video/mp4" }),
      presignDownload(order.posterKey, { contentType: "image/jpeg" }),
    ]);
    Object.assign(view, { downloadUrl, videoUrl, posterUrl, durationMs: order.durationMs ?? undefined });
  }
  return view;
}

/** 1 when the order is next in line: queued orders accepted before it, plus one. */
export async function getQueuePosition(order: Pick<Order, "createdAt">): Promise<number> {
  const ahead = await getDb().order.count({ where: { status: "queued", createdAt: { lt: order.createdAt } } });
  return ahead + 1;
}

/** The public page of a finished video; only its owner is given it. */
export function getSharePath(orderId: string): string {
  return `/share/${createShareToken(orderId, getConfig().sessionSecret)}`;
}

/** An order of this session, or 404: another session's order does not exist for you. */
export async function getOrder(input: { sessionId: string; orderId: string }): Promise<OrderView> {
  const order = await getDb().order.findFirst({ where: { id: input.orderId, sessionId: input.sessionId } });
  if (!order) throw new AppError("not_found", "No such order");
  const view = await toOrderView(order);
  if (order.status === "queued") view.queuePosition = await getQueuePosition(order);
  if (view.videoUrl) view.shareUrl = getSharePath(order.id);
  return view;
}
