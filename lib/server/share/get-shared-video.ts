import "server-only";
import type { SharedVideoView } from "../../contracts/order";
import { storySpecSchema } from "../../contracts/story-spec";
import { getFrameSize } from "../../timeline";
import { getConfig } from "../../platform/config";
import { getDb, type Order } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { getOrderTitle } from "../orders/download-name";
import { sharedMediaPath, signOrderMedia, type OrderMedia } from "../orders/get-order-media";
import { verifyShareToken } from "./share-token";

/**
 * The finished order a share link names, for anyone holding the link. It
 * reveals nothing else of the order (no session, no photos, no status of an
 * unfinished order): a bad token and an unfinished video are both 404.
 */
async function getSharedOrder(token: string): Promise<Order> {
  const orderId = verifyShareToken(token, getConfig().sessionSecret);
  if (!orderId) throw new AppError("not_found", "No such video");
  const order = await getDb().order.findUnique({ where: { id: orderId } });
  if (order?.deletedAt) throw new AppError("gone", "This video was deleted by its owner");
  if (!order || order.status !== "done" || !order.videoKey || !order.posterKey) throw new AppError("not_found", "No such video");
  return order;
}

/** The shared video page's data; its files are app URLs under the token, valid as long as the video exists. */
export async function getSharedVideo(input: { token: string }): Promise<SharedVideoView & { downloadUrl: string }> {
  const order = await getSharedOrder(input.token);
  const spec = storySpecSchema.safeParse(order.spec);
  const size = spec.success ? getFrameSize(spec.data.aspectRatio, spec.data.resolution) : null;
  return {
    title: getOrderTitle(order),
    durationMs: order.durationMs,
    width: size?.width ?? null,
    height: size?.height ?? null,
    videoUrl: sharedMediaPath(input.token, "video"),
    posterUrl: sharedMediaPath(input.token, "poster"),
    downloadUrl: sharedMediaPath(input.token, "download"),
  };
}

/** A freshly signed S3 URL of a shared video's file. */
export async function getSharedMediaUrl(input: { token: string; media: OrderMedia }): Promise<string> {
  return signOrderMedia(await getSharedOrder(input.token), input.media);
}
