import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { ORDER_ID_PATTERN, renderMessageSchema } from "../../lib/contracts/queue-message";
import type { AudioContentType } from "../../lib/contracts/upload";
import { storySpecSchema, type StorySpec } from "../../lib/contracts/story-spec";
import { downloadObjectToFile, posterKey, uploadFileToObject, videoKey } from "../../lib/platform/storage";
import { getDb, type Order } from "../../lib/platform/db";
import { log } from "../../lib/platform/log";
import { createJobFolder } from "./job-folder";
import { DEFAULT_ENCODER, type EncoderSettings } from "./ffmpeg/build-render-args";
import { MusicStartPastEndError, renderStory, UnreadableMusicError } from "./render/render-story";
import { UnreadablePhotoError } from "./render/prepare-still";
import { pickUpFields, type AttemptFigures } from "./figures"; // console: figures
import { discardOutputsIfCanceled } from "./cancel-watch"; // console: cancel
import { checkDownloadedFile } from "./check-download";
import { PermanentJobError, type FailedInput } from "./job-policy";
import type { RenderResources } from "./render/render-resources";

export { PermanentJobError } from "./job-policy";

const UNREADABLE_MUSIC = "The music file could not be read.";
/** m:ss, as the editor shows the song's start. */
const musicStartPastEnd = (startMs: number) =>
  `The song is set to start at ${Math.floor(startMs / 60_000)}:${String(Math.floor(startMs / 1000) % 60).padStart(2, "0")}, after its end: choose an earlier start.`;

/** What the customer reads when one photo cannot be read: which one, by its place and its file name. */
export function unreadablePhotoReason(slideIndex: number, filename: string | null): string {
  const name = filename?.trim();
  return `Photo ${slideIndex + 1}${name ? `, ${name},` : ""} could not be read. Replace it and try again.`;
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
  /** x264 settings (encoderFromEnv, parsed once by the worker). Default DEFAULT_ENCODER. */
  encoder?: EncoderSettings;
};

export type JobOutcome = "done" | "skipped";

export function parseRenderMessage(body: string | undefined) {
  try {
    return renderMessageSchema.parse(JSON.parse(body ?? ""));
  } catch {
    throw new PermanentJobError("", "malformed queue message");
  }
}

/** Marks an order failed, unless it already finished. */
export async function failOrder(orderId: string, reason: string, detail: string, failedInput?: FailedInput): Promise<void> {
  await getDb().order.updateMany({
    where: { id: orderId, status: { in: ["queued", "rendering"] } },
    data: {
      status: "failed",
      error: reason,
      errorDetail: detail.slice(0, 2000),
      finishedAt: new Date(),
      failedSlideIndex: failedInput?.slideIndex ?? null,
      failedAssetId: failedInput?.assetId ?? null,
    },
  });
}

/**
 * Renders one order. Idempotent: an order already finished is skipped, the
 * outputs go to deterministic keys, and `done` is written only after both
 * objects are in S3, so a replayed or raced message never serves a half
 * written video nor produces a second one. Throws PermanentJobError for what
 * retrying cannot fix; worker/src/job-policy.ts decides what any error means.
 */
export async function processOrder(orderId: string, context: JobContext): Promise<JobOutcome> {
  const claim = await claimOrder(orderId, context);
  if (!claim) return "skipped";
  const workDir = await createJobFolder(orderId);
  try {
    const inputs = await downloadInputs(claim, workDir, context.signal);
    const rendered = await renderWithProgress(claim, inputs, workDir, context);
    await publishOutputs(orderId, rendered, context);
    return await finishOrder(claim, rendered, context);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

type ClaimedOrder = { order: Order; spec: StorySpec; startedAt: number };
type RenderInputs = {
  photos: string[];
  /** Per slide: its asset and the customer's file name, to name a photo that fails later. */
  slides: Array<{ assetId: string; filename: string }>;
  music?: { file: string; contentType: AudioContentType };
};
type RenderedOrder = Awaited<ReturnType<typeof renderStory>>;

/** Takes the order for this worker (status `rendering`, one more attempt), or null when there is nothing to do. */
async function claimOrder(orderId: string, context: JobContext): Promise<ClaimedOrder | null> {
  // Not a query for Postgres to choke on (a NUL byte would be retried as an outage).
  if (!ORDER_ID_PATTERN.test(orderId)) throw new PermanentJobError("", "not an order id");
  const db = getDb();
  const order = await db.order.findUnique({ where: { id: orderId } });
  if (!order) {
    log.warn({ orderId }, "render.order_missing");
    return null;
  }
  if (order.status !== "queued" && order.status !== "rendering") {
    log.info({ orderId, status: order.status }, "render.already_finished");
    return null;
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
  if (claimed.count === 0) return null;
  await context.figures?.claimed({ orderId, number: order.attempts + 1 }); // console: attempts history
  log.info({ orderId, slides: spec.slides.length }, "render.started");
  return { order, spec, startedAt: Date.now() };
}

/** Downloads the slides' photos (each object once) and the music into `workDir`, checking each file is what its asset claims. */
async function downloadInputs({ order, spec }: ClaimedOrder, workDir: string, signal: AbortSignal): Promise<RenderInputs> {
  const assetIds = [...spec.slides.map((s) => s.assetId), ...(spec.music ? [spec.music.assetId] : [])];
  const assets = await getDb().asset.findMany({ where: { id: { in: assetIds }, sessionId: order.sessionId } });
  const ready = new Map(assets.filter((a) => a.status === "ready").map((a) => [a.id, a]));

  const photos: string[] = [];
  const slides: RenderInputs["slides"] = [];
  const downloaded = new Map<string, string>();
  for (const [index, slide] of spec.slides.entries()) {
    const asset = ready.get(slide.assetId);
    const failedInput = { slideIndex: index, assetId: slide.assetId };
    if (!asset || asset.contentType.startsWith("audio/")) {
      throw new PermanentJobError(`Photo ${index + 1} is no longer available. Replace it and try again.`, `asset ${slide.assetId} missing`, failedInput);
    }
    let file = downloaded.get(asset.key);
    if (!file) {
      file = path.join(workDir, `photo-${downloaded.size}`);
      await downloadObjectToFile(asset.key, file, signal);
      const check = await checkDownloadedFile(file, { kind: "photo", contentType: asset.contentType, sniffedType: asset.sniffedType });
      if (!check.ok) {
        const detail = `slide ${index + 1}: asset ${asset.id} is ${check.found ?? "of no known type"}, not ${check.expected}`;
        throw new PermanentJobError(unreadablePhotoReason(index, asset.filename), detail, failedInput);
      }
      downloaded.set(asset.key, file);
    }
    photos.push(file);
    slides.push({ assetId: asset.id, filename: asset.filename });
  }

  if (!spec.music) return { photos, slides };
  // Music is an Asset like a photo (same session, ready) whose contentType is audio/*.
  const musicAsset = ready.get(spec.music.assetId);
  if (!musicAsset || !musicAsset.contentType.startsWith("audio/")) {
    throw new PermanentJobError("The music file is no longer available.", `music asset ${spec.music.assetId} missing or not audio`);
  }
  const file = path.join(workDir, "music");
  await downloadObjectToFile(musicAsset.key, file, signal);
  const check = await checkDownloadedFile(file, { kind: "music", contentType: musicAsset.contentType, sniffedType: musicAsset.sniffedType });
  if (!check.ok) {
    throw new PermanentJobError(UNREADABLE_MUSIC, `music asset ${musicAsset.id} is ${check.found ?? "of no known type"}, not ${check.expected ?? "audio"}`);
  }
  return { photos, slides, music: { file, contentType: check.contentType as AudioContentType } };
}

/** Renders the video and poster, writing the progress to the order's row as it goes. */
async function renderWithProgress(claim: ClaimedOrder, inputs: RenderInputs, workDir: string, context: JobContext): Promise<RenderedOrder> {
  const orderId = claim.order.id;
  const progress = createProgressWriter(orderId, context.progressIntervalMs ?? 1000);
  const result = await renderStory({
    spec: claim.spec,
    photos: inputs.photos,
    music: inputs.music,
    workDir,
    signal: context.signal,
    encoder: context.encoder ?? DEFAULT_ENCODER,
    resources: context.renderResources,
    onProgress: progress.write,
  }).catch((error: unknown) => {
    if (error instanceof UnreadablePhotoError) throw unreadablePhotoError(error, inputs);
    if (error instanceof UnreadableMusicError) throw new PermanentJobError(UNREADABLE_MUSIC, error.message);
    if (error instanceof MusicStartPastEndError) throw new PermanentJobError(musicStartPastEnd(error.startMs), error.message);
    throw error;
  });
  await progress.settled();
  context.figures?.encoded({ frames: result.timeline.totalFrames }); // console: render time
  log.info({ orderId, encodeMs: Date.now() - claim.startedAt, frames: result.timeline.totalFrames }, "render.encoded");
  return result;
}

/** A photo the renderer could not decode, named by the first slide that shows that file. */
function unreadablePhotoError(error: UnreadablePhotoError, inputs: RenderInputs): PermanentJobError {
  const index = error.photo ? inputs.photos.indexOf(error.photo) : -1;
  const slide = inputs.slides[index];
  if (!slide) return new PermanentJobError("One of the photos could not be read. Replace it and try again.", error.message);
  return new PermanentJobError(unreadablePhotoReason(index, slide.filename), `slide ${index + 1}: ${error.message}`, { slideIndex: index, assetId: slide.assetId });
}

/**
 * Writes a render's progress to its order's row at most once per
 * `intervalMs`. The writes are best effort (a failure is only logged) and
 * never run two at a time; `settled()` waits for the last one.
 */
function createProgressWriter(orderId: string, intervalMs: number) {
  let lastWrite = 0;
  let pendingWrite: Promise<unknown> = Promise.resolve();
  return {
    write(fraction: number): void {
      const now = Date.now();
      if (now - lastWrite < intervalMs) return;
      lastWrite = now;
      pendingWrite = pendingWrite
        .then(() =>
          getDb().order.updateMany({
            where: { id: orderId, status: "rendering" },
            data: { progress: Math.min(0.99, Math.round(fraction * 1000) / 1000) },
          }),
        )
        .catch((error: unknown) => log.warn({ orderId, err: error }, "render.progress_write_failed"));
    },
    settled: (): Promise<unknown> => pendingWrite,
  };
}

/** Uploads the poster, then the video, to the order's deterministic keys. */
async function publishOutputs(orderId: string, result: RenderedOrder, context: JobContext): Promise<void> {
  await uploadFileToObject({ file: result.poster, key: posterKey(orderId), contentType: "image/jpeg", signal: context.signal });
  await uploadFileToObject({ file: result.video, key: videoKey(orderId), contentType: "video/mp4", signal: context.signal });
  context.figures?.uploaded({ outputBytes: (await stat(result.video)).size }); // console: upload time, size
}

/** Marks the order done, unless it stopped rendering meanwhile (canceled: its outputs are removed). */
async function finishOrder({ order, startedAt }: ClaimedOrder, result: RenderedOrder, context: JobContext): Promise<JobOutcome> {
  const orderId = order.id;
  const finished = await getDb().order.updateMany({
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
}
