import "server-only";
import { presignDownload } from "../../platform/storage";
import { getDb, type Order } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { getDownloadName, getOrderTitle } from "./download-name";

// A finished video's files are reached through app URLs that never expire
// (GET /api/orders/{id}/download, …/video.mp4, …/poster.jpg, and the same
// under /api/share/{token}/): each request checks who may see the order and
// answers with a redirect to a freshly signed S3 URL. A page left open for
// hours still plays and downloads.

export type OrderMedia = "download" | "video" | "poster";

export const ORDER_MEDIA_PATHS: Record<OrderMedia, string> = { download: "download", video: "video.mp4", poster: "poster.jpg" };

/** The app path of one of an order's files (what pages and the API hand out). */
export function orderMediaPath(orderId: string, media: OrderMedia): string {
  return `/api/orders/${orderId}/${ORDER_MEDIA_PATHS[media]}`;
}

/** The app path of one of a shared video's files. */
export function sharedMediaPath(token: string, media: OrderMedia): string {
  return `/api/share/${token}/${ORDER_MEDIA_PATHS[media]}`;
}

/** A freshly signed S3 URL of a finished order's file. */
export async function signOrderMedia(order: Order, media: OrderMedia): Promise<string> {
  assertNotDeleted(order);
  if (order.status !== "done" || !order.videoKey || !order.posterKey) throw new AppError("not_found", "This video is not ready");
  if (media === "poster") return presignDownload(order.posterKey, { contentType: "image/jpeg" });
  if (media === "video") return presignDownload(order.videoKey, { contentType: "video/mp4" });
  return presignDownload(order.videoKey, { downloadName: getDownloadName(getOrderTitle(order), order.id), contentType: "video/mp4" });
}

/** For the owner: a signed URL of their finished order's file; 404 for anyone else or before it is done. */
export async function getOrderMediaUrl(input: { sessionId: string; orderId: string; media: OrderMedia }): Promise<string> {
  const order = await getDb().order.findFirst({ where: { id: input.orderId, sessionId: input.sessionId } });
  if (!order) throw new AppError("not_found", "No such order");
  return signOrderMedia(order, input.media);
}

/** Deleted videos answer 410 wherever they are asked for (their objects are gone from S3). */
function assertNotDeleted(order: Order): void {
  if (order.deletedAt) throw new AppError("gone", "This video was deleted");
}

/** A redirect to a signed URL; never cached, so each play or download signs anew. */
export function redirectToSigned(url: string): Response {
  return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}
