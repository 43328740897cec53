import "server-only";
import type { SharedVideoView } from "../../contracts/order";
import { presignDownload } from "../aws/storage";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { AppError } from "../errors/app-error";
import { getDownloadName, getOrderTitle } from "../orders/get-order";
import { verifyShareToken } from "./share-token";

/**
 * The finished video a share link names, for anyone holding the link. It
 * reveals nothing else of the order (no session, no photos, no status of an
 * unfinished order): a bad token and an unfinished video are both 404.
 */
export async function getSharedVideo(input: { token: string }): Promise<SharedVideoView & { downloadUrl: string }> {
  const orderId = verifyShareToken(input.token, getConfig().sessionSecret);
  if (!orderId) throw new AppError("not_found", "No such video");
  const order = await getDb().order.findUnique({ where: { id: orderId } });
  if (!order || order.status !== "done" || !order.videoKey || !order.posterKey) throw new AppError("not_found", "No such video");
  const title = getOrderTitle(order);
  const [videoUrl, posterUrl, downloadUrl] = await Promise.all([
    presignDownload(order.videoKey, { contentType: "video/mp4" }),
    presignDownload(order.posterKey, { contentType: "image/jpeg" }),
    presignDownload(order.videoKey, { downloadName: getDownloadName(title, order.id), contentType: "video/mp4" }),
  ]);
  return { title, durationMs: order.durationMs, videoUrl, posterUrl, downloadUrl };
}
