import "server-only";
import { isAudioType, MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE, type AssetView } from "../../contracts/upload";
import { headObject, readObjectStart } from "../aws/storage";
import { getDb } from "../db/client";
import { AppError } from "../errors/app-error";
import { log } from "../log";
import { readImageHeader } from "./read-image-header";
import { sniffAudioType } from "./sniff-audio";

// JPEG frame headers can sit behind large EXIF blocks (thumbnails, maker
// notes); read progressively more before giving up.
const HEADER_READS = [64 * 1024, 1024 * 1024];

const TYPE_NAMES: Record<string, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP" };

async function reject(assetId: string, reason: string): Promise<never> {
  await getDb().asset.update({ where: { id: assetId }, data: { status: "rejected", error: reason } });
  log.info({ assetId, reason }, "upload.rejected");
  throw new AppError("invalid_image", reason);
}

function viewOf(asset: { id: string; contentType: string; width: number | null; height: number | null }): AssetView {
  return isAudioType(asset.contentType)
    ? { id: asset.id, status: "ready", kind: "audio" }
    : { id: asset.id, status: "ready", kind: "image", width: asset.width!, height: asset.height! };
}

/** Music: any recognised audio container (ffmpeg decodes it at render time). */
async function completeAudio(asset: { id: string; key: string; size: number; contentType: string }): Promise<AssetView> {
  const sniff = sniffAudioType(await readObjectStart(asset.key, Math.min(HEADER_READS[0], asset.size)));
  if (!sniff.ok) return reject(asset.id, "This file is not MP3, M4A, AAC, WAV, OGG or FLAC music");
  await getDb().asset.update({ where: { id: asset.id }, data: { status: "ready", readyAt: new Date() } });
  log.info({ assetId: asset.id, contentType: sniff.contentType }, "upload.ready");
  return { id: asset.id, status: "ready", kind: "audio" };
}

/**
 * Accepts an uploaded photo (or music) only after checking what S3 actually holds: the
 * size the customer declared, a real JPEG/PNG/WebP of the declared type, and
 * sane dimensions read from the header.
 */
export async function completeUpload(input: { sessionId: string; assetId: string }): Promise<AssetView> {
  const db = getDb();
  const asset = await db.asset.findFirst({ where: { id: input.assetId, sessionId: input.sessionId } });
  if (!asset) throw new AppError("not_found", "No such upload");
  if (asset.status === "ready") return viewOf(asset);
  if (asset.status === "rejected") throw new AppError("invalid_image", asset.error ?? "This upload was refused");

  const head = await headObject(asset.key);
  if (!head) throw new AppError("upload_incomplete", "The photo has not been uploaded yet");
  if (head.size !== asset.size) {
    return reject(asset.id, `The uploaded file has ${head.size} bytes, not the ${asset.size} announced`);
  }
  if (isAudioType(asset.contentType)) return completeAudio(asset);

  let result = readImageHeader(await readObjectStart(asset.key, Math.min(HEADER_READS[0], asset.size)));
  if (!result.ok && result.reason === "truncated" && asset.size > HEADER_READS[0]) {
    result = readImageHeader(await readObjectStart(asset.key, Math.min(HEADER_READS[1], asset.size)));
  }
  if (!result.ok) {
    return reject(
      asset.id,
      result.reason === "unknown_type"
        ? "This file is not a JPEG, PNG or WebP photo"
        : "This photo is damaged or incomplete and cannot be read",
    );
  }
  const { contentType, width, height } = result.header;
  if (contentType !== asset.contentType) {
    return reject(asset.id, `This file is a ${TYPE_NAMES[contentType]} but was sent as ${TYPE_NAMES[asset.contentType] ?? asset.contentType}`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    return reject(asset.id, `This photo is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`);
  }
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) {
    return reject(asset.id, `This photo is only ${width}×${height} pixels`);
  }

  await db.asset.update({ where: { id: asset.id }, data: { status: "ready", width, height, readyAt: new Date() } });
  log.info({ assetId: asset.id, width, height }, "upload.ready");
  return { id: asset.id, status: "ready", kind: "image", width, height };
}
