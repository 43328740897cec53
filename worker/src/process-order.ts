import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ORDER_ID_PATTERN, renderMessageSchema } from "../../lib/contracts/queue-message";
import type { AudioContentType } from "../../lib/contracts/upload";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { downloadObjectToFile, posterKey, uploadFileToObject, videoKey } from "../../lib/platform/storage";
import { getDb } from "../../lib/platform/db";
import { log } from "../../lib/platform/log";
import { encoderFromEnv } from "./ffmpeg/build-render-args";
import { renderStory, UnreadableMusicError } from "./render/render-story";
import { UnreadablePhotoError } from "./render/prepare-still";
import { pickUpFields, type AttemptFigures } from "./figures"; // console: figures
import { discardOutputsIfCanceled } from "./cancel-watch"; // console: cancel
import { checkDownloadedFile } from "./check-download";

const UNREADABLE_PHOTO = "One of the photos could not be read. Please upload it again or pick another.";
const UNREADABLE_MUSIC = "The music file could not be read.";
import type { RenderResources } from "./render/render-resources";

/**
 * A failure retrying cannot fix (bad message, missing or corrupt photo):
 * the order is marked failed with `reason` (shown to the customer) and the
 * message is acknowledged. Anything else is transient: it is thrown, the
 * message stays, SQS redelivers it, and dead-letters it after N receives.
 */
export class PermanentJobError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "PermanentJobError";
  }
}

export type JobContext = {
  workerHost: string;
  signal: AbortSignal;
  /** Minimum time between two progress writes to Postgres. */
  progressIntervalMs?: number;
  /** Console: this attempt's figures and its OrderAttempt row (worker/src/figures.ts). */
  figures?: AttemptFigures;
  /** The worker's render resources (kernels, caption canvas), reused from render to render; default: new ones per render. */
  renderResources?: RenderResources;
};

export type JobOutcome = "done" | "skipped" | "failed";

export function parseRenderMessage(body: string | undefined) {
  try {
    return renderMessageSchema.parse(JSON.parse(body ?? ""));
  } catch {
    throw new PermanentJobError("", "malformed queue message");
  }
}

/** Marks an order failed, unless it already finished. */
export async function failOrder(orderId: string, reason: string, detail: string): Promise<void> {
  await getDb().order.updateMany({
    where: { id: orderId, status: { in: ["queued", "rendering"] } },
    data: { status: "failed", error: reason, errorDetail: detail.slice(0, 2000), finishedAt: new Date() },
  });
}

/**
 * Renders one order. Idempotent: an order already finished is skipped, the
 * outputs go to deterministic keys, and `done` is written only after both
 * objects are in S3, so a replayed or raced message never serves a half
 * written video nor produces a second one.
 */
export async function processOrder(orderId: string, context: JobContext): Promise<JobOutcome> {
  // Not a query for Postgres to choke on (a NUL byte would be retried as an outage).
  if (!ORDER_ID_PATTERN.test(orderId)) throw new PermanentJobError("", "not an order id");
  const db = getDb();
  const order = await db.order.findUnique({ where: { id: orderId } });
  if (!order) {
    log.warn({ orderId }, "render.order_missing");
    return "skipped";
  }
  if (order.status !== "queued" && order.status !== "rendering") {
    log.info({ orderId, status: order.status }, "render.already_finished");
    return "skipped";
  }
  const parsed = storySpecSchema.safeParse(order.spec);
  if (!parsed.success) throw new PermanentJobError("This order's story could not be read.", "frozen spec failed validation");
  const spec = parsed.data;

  const claimedAt = new Date();
  const claimed = await db.order.updateMany({
    where: { id: orderId, status: { in: ["queued", "rendering"] } },
    data: {
      status: "rendering",
      attempts: { increment: 1 },
      startedAt: claimedAt,
      workerHost: context.workerHost,
      progress: 0,
      ...pickUpFields(order, claimedAt), // console: queue wait
    },
  });
  if (claimed.count === 0) return "skipped";
  await context.figures?.claimed({ orderId, number: order.attempts + 1 }); // console: attempts history
  log.info({ orderId, slides: spec.slides.length }, "render.started");
  const startedAt = Date.now();

  const assetIds = [...spec.slides.map((s) => s.assetId), ...(spec.music ? [spec.music.assetId] : [])];
  const assets = await db.asset.findMany({ where: { id: { in: assetIds }, sessionId: order.sessionId } });
  const ready = new Map(assets.filter((a) => a.status === "ready").map((a) => [a.id, a]));
  // Music is an Asset like a photo (same session, ready) whose contentType is audio/*.
  const musicAsset = spec.music ? ready.get(spec.music.assetId) : undefined;

  const workDir = await mkdtemp(path.join(os.tmpdir(), `reelmaker-${orderId}-`));
  try {
    const photos: string[] = [];
    const downloaded = new Map<string, string>();
    for (const [index, slide] of spec.slides.entries()) {
      const asset = ready.get(slide.assetId);
      if (!asset || asset.contentType.startsWith("audio/")) {
        throw new PermanentJobError(`Photo ${index + 1} is no longer available.`, `asset ${slide.assetId} missing`);
      }
      let file = downloaded.get(asset.key);
      if (!file) {
        file = path.join(workDir, `photo-${downloaded.size}`);
        await downloadObjectToFile(asset.key, file, context.signal);
        const check = await checkDownloadedFile(file, { kind: "photo", contentType: asset.contentType, sniffedType: asset.sniffedType });
        if (!check.ok) throw new PermanentJobError(UNREADABLE_PHOTO, `asset ${asset.id} is ${check.found ?? "of no known type"}, not ${check.expected}`);
        downloaded.set(asset.key, file);
      }
      photos.push(file);
    }
    let music: { file: string; contentType: AudioContentType } | undefined;
    if (spec.music) {
      if (!musicAsset || !musicAsset.contentType.startsWith("audio/")) {
        throw new PermanentJobError("The music file is no longer available.", `music asset ${spec.music.assetId} missing or not audio`);
      }
      const file = path.join(workDir, "music");
      await downloadObjectToFile(musicAsset.key, file, context.signal);
      const check = await checkDownloadedFile(file, { kind: "music", contentType: musicAsset.contentType, sniffedType: musicAsset.sniffedType });
      if (!check.ok) throw new PermanentJobError(UNREADABLE_MUSIC, `music asset ${musicAsset.id} is ${check.found ?? "of no known type"}, not ${check.expected ?? "audio"}`);
      music = { file, contentType: check.contentType as AudioContentType };
    }

    let lastWrite = 0;
    let pendingWrite: Promise<unknown> = Promise.resolve();
    const interval = context.progressIntervalMs ?? 1000;
    const result = await renderStory({
      spec,
      photos,
      music,
      workDir,
      signal: context.signal,
      encoder: encoderFromEnv(process.env),
      resources: context.renderResources,
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastWrite < interval) return;
        lastWrite = now;
        // Progress writes are best effort and never run two at a time.
        pendingWrite = pendingWrite
          .then(() =>
            db.order.updateMany({
              where: { id: orderId, status: "rendering" },
              data: { progress: Math.min(0.99, Math.round(fraction * 1000) / 1000) },
            }),
          )
          .catch((error: unknown) => log.warn({ orderId, err: error }, "render.progress_write_failed"));
      },
    }).catch((error: unknown) => {
      if (error instanceof UnreadablePhotoError) {
        throw new PermanentJobError(UNREADABLE_PHOTO, error.message);
      }
      if (error instanceof UnreadableMusicError) throw new PermanentJobError(UNREADABLE_MUSIC, error.message);
      throw error;
    });
    await pendingWrite;
    context.figures?.encoded({ frames: result.timeline.totalFrames }); // console: render time
    log.info({ orderId, encodeMs: Date.now() - startedAt, frames: result.timeline.totalFrames }, "render.encoded");

    await uploadFileToObject({ file: result.poster, key: posterKey(orderId), contentType: "image/jpeg", signal: context.signal });
    await uploadFileToObject({ file: result.video, key: videoKey(orderId), contentType: "video/mp4", signal: context.signal });
    context.figures?.uploaded({ outputBytes: (await stat(result.video)).size }); // console: upload time, size

    const finished = await db.order.updateMany({
      where: { id: orderId, status: "rendering" },
      data: {
        status: "done",
        progress: 1,
        finishedAt: new Date(),
        videoKey: videoKey(orderId),
        posterKey: posterKey(orderId),
        durationMs: result.timeline.durationMs,
        error: null,
        errorDetail: null,
        ...context.figures?.orderFields(), // console: figures
      },
    });
    if (finished.count === 0) await discardOutputsIfCanceled(orderId); // console: canceled while uploading
    log.info({ orderId, totalMs: Date.now() - startedAt, updated: finished.count }, "render.done");
    return finished.count === 1 ? "done" : "skipped";
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
