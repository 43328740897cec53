import "server-only";
import { getDb, Prisma } from "../../platform/db";
import { log } from "../../platform/log";
import { deleteObject, posterKey, videoKey } from "../../platform/storage";
import { storySpecSchema } from "../../contracts/story-spec";
import { AppError } from "../errors/app-error";
import { CANCELABLE_STATUSES, cancelOrder } from "./cancel-order";

// "Delete" in My videos. The order row stays, marked deleted (its links then
// answer 410, the share page and app media URLs included, and no re-queue
// path picks it up); what it stored in S3 goes:
//   - its outputs: video and poster under renders/{orderId}/ (the web role may
//     delete there but not list, so the keys are named: add any new output
//     here, e.g. stored thumbnails, which nothing writes today);
//   - its photos and music (uploads/{session}/{assetId}, and the Asset row),
//     but only those no other order (not deleted) and no draft uses: an
//     "Edit a copy" draft, a retried order or another version keeps them.
// An order still queued or rendering is canceled first; a worker that is
// rendering it notices within seconds and removes anything it uploads.

export type DeleteOrderResult = { status: "deleted"; photosRemoved: number };

/** The S3 keys of an order's outputs. */
export const orderOutputKeys = (orderId: string) => [videoKey(orderId), posterKey(orderId)];

/** Whether any order but `exceptOrderId` (not deleted), or any draft, names the asset. */
export async function isAssetInUse(assetId: string, exceptOrderId: string): Promise<boolean> {
  const inSlides = JSON.stringify([{ assetId }]);
  const rows = await getDb().$queryRaw<Array<{ n: number }>>(Prisma.sql`
    SELECT 1 AS n FROM "Order"
      WHERE id <> ${exceptOrderId} AND "deletedAt" IS NULL
        AND (spec->'slides' @> ${inSlides}::jsonb OR spec->'music'->>'assetId' = ${assetId})
    UNION ALL
    SELECT 1 AS n FROM "Draft"
      WHERE data->'slides' @> ${inSlides}::jsonb OR data->'music'->>'assetId' = ${assetId}
    LIMIT 1`);
  return rows.length > 0;
}

/** Deletes this session's video (see above). Deleting it again answers the same. */
export async function deleteOrder(input: { sessionId: string; orderId: string }): Promise<DeleteOrderResult> {
  const db = getDb();
  const order = await db.order.findFirst({ where: { id: input.orderId, sessionId: input.sessionId } });
  if (!order) throw new AppError("not_found", "No such order");
  if ((CANCELABLE_STATUSES as readonly string[]).includes(order.status) && !order.deletedAt) {
    // It may finish meanwhile: then there is nothing to cancel, and it is deleted as finished.
    await cancelOrder({ orderId: order.id, sessionId: input.sessionId, by: "customer" }).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    });
  }
  // Marked first: from here on no page, link or re-queue serves or renders it. The console reads why in errorDetail.
  const current = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { errorDetail: true } });
  await db.order.updateMany({
    where: { id: order.id, deletedAt: null },
    data: { deletedAt: new Date(), errorDetail: ["deleted by the customer", current.errorDetail].filter(Boolean).join("; ").slice(0, 2000) },
  });
  await Promise.all(orderOutputKeys(order.id).map((key) => deleteObject(key)));

  const spec = storySpecSchema.safeParse(order.spec);
  const assetIds = spec.success ? [...new Set([...spec.data.slides.map((s) => s.assetId), ...(spec.data.music ? [spec.data.music.assetId] : [])])] : [];
  let photosRemoved = 0;
  for (const assetId of assetIds) {
    if (await isAssetInUse(assetId, order.id)) continue;
    const asset = await db.asset.findFirst({ where: { id: assetId, sessionId: input.sessionId }, select: { key: true } });
    if (!asset) continue;
    await deleteObject(asset.key);
    await db.asset.deleteMany({ where: { id: assetId, sessionId: input.sessionId } });
    photosRemoved += 1;
  }
  log.info({ orderId: order.id, photosRemoved }, "order.deleted");
  return { status: "deleted", photosRemoved };
}
