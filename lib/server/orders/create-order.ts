import "server-only";
import { STORY_SPEC_VERSION, storySpecSchema } from "../../contracts/story-spec";
import type { CreateOrderResponse } from "../../contracts/order";
import { isAudioType, isImageType } from "../../contracts/upload";
import { assertCaptionsFit } from "../captions/check-captions";
import { getDb, Prisma } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { log } from "../../platform/log";
import { createId } from "../session/session-token";
import { enqueueOrder } from "../../platform/enqueue-order";

const MAX_IDEMPOTENCY_KEY = 200;

/**
 * Accepts an order: validates the spec (captions included: one the video
 * would cut is refused), checks every photo belongs to this
 * session and is ready, freezes the spec in Postgres, then queues it. The
 * order row is written before the message, so nothing accepted is lost.
 */
export async function createOrder(input: {
  sessionId: string;
  body: unknown;
  idempotencyKey?: string | null;
}): Promise<CreateOrderResponse> {
  const spec = storySpecSchema.parse(input.body);
  const idempotencyKey = input.idempotencyKey?.trim() || null;
  if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
    throw new AppError("bad_request", `Idempotency-Key can be at most ${MAX_IDEMPOTENCY_KEY} characters`);
  }
  assertCaptionsFit(spec);
  const db = getDb();

  if (idempotencyKey) {
    const existing = await db.order.findUnique({
      where: { sessionId_idempotencyKey: { sessionId: input.sessionId, idempotencyKey } },
    });
    if (existing) return { orderId: existing.id, statusUrl: `/api/orders/${existing.id}` };
  }

  const assetIds = [...new Set([...spec.slides.map((slide) => slide.assetId), ...(spec.music ? [spec.music.assetId] : [])])];
  const assets = await db.asset.findMany({
    where: { id: { in: assetIds }, sessionId: input.sessionId },
    select: { id: true, status: true, contentType: true },
  });
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  for (const [index, slide] of spec.slides.entries()) {
    const asset = byId.get(slide.assetId);
    if (!asset) throw new AppError("validation_failed", `slides.${index}.assetId: no such photo`);
    if (!isImageType(asset.contentType)) throw new AppError("validation_failed", `slides.${index}.assetId: this upload is not a photo`);
    if (asset.status !== "ready") {
      throw new AppError("validation_failed", `slides.${index}.assetId: this photo has not finished uploading`);
    }
  }
  if (spec.music) {
    const asset = byId.get(spec.music.assetId);
    if (!asset) throw new AppError("validation_failed", "music.assetId: no such music upload");
    if (!isAudioType(asset.contentType)) throw new AppError("validation_failed", "music.assetId: this upload is not music");
    if (asset.status !== "ready") throw new AppError("validation_failed", "music.assetId: the music has not finished uploading");
  }

  const id = createId();
  try {
    await db.order.create({
      data: { id, sessionId: input.sessionId, idempotencyKey, spec, specVersion: STORY_SPEC_VERSION },
    });
  } catch (error: unknown) {
    // Two requests with one Idempotency-Key raced: answer with the winner.
    if (idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await db.order.findUniqueOrThrow({
        where: { sessionId_idempotencyKey: { sessionId: input.sessionId, idempotencyKey } },
      });
      return { orderId: winner.id, statusUrl: `/api/orders/${winner.id}` };
    }
    throw error;
  }
  log.info({ orderId: id, slides: spec.slides.length }, "order.created");
  await enqueueOrder(id);
  return { orderId: id, statusUrl: `/api/orders/${id}` };
}
