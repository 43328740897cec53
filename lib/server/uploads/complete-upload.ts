import "server-only";
import sharp from "sharp";
import { isAudioType, MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE, type AssetView, type UploadContentType } from "../../contracts/upload";
import { copyObjectIfMatch, deleteObject, headObject, readObject, stagingKey } from "../../platform/storage";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { log } from "../../platform/log";
import { readImageHeader } from "../../platform/read-image-header";
import { sniffAudioType } from "../../platform/sniff-audio";

const TYPE_NAMES: Record<string, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP" };
/** sharp's name of each photo format, to confirm it decoded the format the bytes were sniffed as. */
const SHARP_FORMATS: Record<string, string> = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" };
/** The long side of the thumbnail a photo is decoded to: every byte is decoded, little memory is used. */
const CHECK_THUMBNAIL_SIDE = 256;
export const DAMAGED_PHOTO = "This photo is damaged or incomplete and cannot be read";
/** How long a /complete owns an upload's check; one that died is taken over after this. */
const CHECK_LEASE_MS = 60_000;

type PendingAsset = { id: string; sessionId: string; key: string; size: number; contentType: string };

async function reject(asset: PendingAsset, reason: string): Promise<never> {
  await getDb().asset.updateMany({ where: { id: asset.id, status: "pending" }, data: { status: "rejected", error: reason } });
  // Nothing will read it again; S3's lifecycle rule would expire it too.
  await deleteObject(stagingKey(asset.sessionId, asset.id)).catch((error: unknown) => log.warn({ assetId: asset.id, err: error }, "upload.staging_delete_failed"));
  log.info({ assetId: asset.id, reason }, "upload.rejected");
  throw new AppError("invalid_image", reason);
}

function viewOf(asset: { id: string; contentType: string; width: number | null; height: number | null }): AssetView {
  return isAudioType(asset.contentType)
    ? { id: asset.id, status: "ready", kind: "audio" }
    : { id: asset.id, status: "ready", kind: "image", width: asset.width!, height: asset.height! };
}

/**
 * Decodes the whole photo, as the format its bytes were sniffed as only, to
 * a small thumbnail: a truncated or corrupt file fails here, not in the
 * render. The caller has checked the pixel count from the header first, so
 * a decompression bomb is never decoded (limitInputPixels is the backstop).
 */
async function decodesWhole(bytes: Uint8Array, contentType: string): Promise<boolean> {
  try {
    const options = { failOn: "error", limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true } as const;
    const { format } = await sharp(bytes, options).metadata();
    if (format !== SHARP_FORMATS[contentType]) return false;
    await sharp(bytes, options).resize(CHECK_THUMBNAIL_SIDE, CHECK_THUMBNAIL_SIDE, { fit: "inside" }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Why a photo is refused, or its size when it is fine. */
async function checkPhoto(asset: PendingAsset, bytes: Uint8Array): Promise<{ reason: string } | { width: number; height: number }> {
  const result = readImageHeader(bytes);
  if (!result.ok) return { reason: result.reason === "unknown_type" ? "This file is not a JPEG, PNG or WebP photo" : DAMAGED_PHOTO };
  const { contentType, width, height } = result.header;
  if (contentType !== asset.contentType) {
    return { reason: `This file is a ${TYPE_NAMES[contentType]} but was sent as ${TYPE_NAMES[asset.contentType] ?? asset.contentType}` };
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    return { reason: `This photo is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels` };
  }
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) return { reason: `This photo is only ${width}×${height} pixels` };
  if (!(await decodesWhole(bytes, contentType))) return { reason: DAMAGED_PHOTO };
  return { width, height };
}

/**
 * Accepts an uploaded photo (or music) only after checking what S3 actually
 * holds at the staging key: the size the customer declared; for a photo, a
 * real JPEG/PNG/WebP of the declared type, sane dimensions read from the
 * header, then the whole image decoded; for music, a recognised audio
 * container or real frames. The checked version (by ETag) is then copied to
 * the accepted key, which no upload URL can write, and the staging object
 * deleted: bytes accepted can never change.
 */
export async function completeUpload(input: { sessionId: string; assetId: string }): Promise<AssetView> {
  const db = getDb();
  const asset = await db.asset.findFirst({ where: { id: input.assetId, sessionId: input.sessionId } });
  if (!asset) throw new AppError("not_found", "No such upload");
  if (asset.status === "ready") return viewOf(asset);
  if (asset.status === "rejected") throw new AppError("invalid_image", asset.error ?? "This upload was refused");

  // One check at a time per upload: two at once could each copy what they
  // checked, and the later copy would replace bytes already accepted.
  const claimedAt = new Date();
  const claim = await db.asset.updateMany({
    where: { id: asset.id, status: "pending", OR: [{ checkStartedAt: null }, { checkStartedAt: { lt: new Date(claimedAt.getTime() - CHECK_LEASE_MS) } }] },
    data: { checkStartedAt: claimedAt },
  });
  if (claim.count === 0) {
    const now = await db.asset.findUniqueOrThrow({ where: { id: asset.id } });
    if (now.status === "ready") return viewOf(now);
    if (now.status === "rejected") throw new AppError("invalid_image", now.error ?? "This upload was refused");
    throw new AppError("upload_incomplete", "This upload is being checked; try again in a moment");
  }
  let isSettled = false;
  try {
    const view = await checkAndAccept({ asset, claimedAt });
    isSettled = true;
    return view;
  } catch (error: unknown) {
    isSettled = error instanceof AppError && error.code === "invalid_image";
    throw error;
  } finally {
    // Not accepted nor refused (nothing uploaded yet, a storage error): the next /complete may check again.
    if (!isSettled) {
      await db.asset.updateMany({ where: { id: asset.id, checkStartedAt: claimedAt }, data: { checkStartedAt: null } }).catch(() => undefined);
    }
  }
}

async function checkAndAccept(input: { asset: PendingAsset; claimedAt: Date }): Promise<AssetView> {
  const { asset, claimedAt } = input;
  const db = getDb();
  const staging = stagingKey(asset.sessionId, asset.id);
  const head = await headObject(staging);
  if (!head) throw new AppError("upload_incomplete", "The photo has not been uploaded yet");
  if (head.size !== asset.size) {
    return reject(asset, `The uploaded file has ${head.size} bytes, not the ${asset.size} announced`);
  }
  // One byte more than announced: an object replaced by a larger one since the HEAD is noticed, never read whole.
  const { bytes, etag } = await readObject(staging, asset.size + 1);
  if (bytes.length !== asset.size) return reject(asset, `The uploaded file has ${bytes.length} bytes, not the ${asset.size} announced`);

  let sniffedType: UploadContentType;
  let size: { width: number; height: number } | null = null;
  if (isAudioType(asset.contentType)) {
    const sniff = sniffAudioType(bytes);
    if (!sniff.ok) return reject(asset, "This file is not MP3, M4A, AAC, WAV, OGG or FLAC music");
    sniffedType = sniff.contentType;
  } else {
    const checked = await checkPhoto(asset, bytes);
    if ("reason" in checked) return reject(asset, checked.reason);
    sniffedType = asset.contentType as UploadContentType;
    size = checked;
  }

  await acceptCheckedVersion({ asset, staging, etag, bytes });
  const accepted = await db.asset.updateMany({
    where: { id: asset.id, status: "pending", checkStartedAt: claimedAt },
    data: { status: "ready", sniffedType, width: size?.width ?? null, height: size?.height ?? null, readyAt: new Date() },
  });
  await deleteObject(staging).catch((error: unknown) => log.warn({ assetId: asset.id, err: error }, "upload.staging_delete_failed"));
  log.info({ assetId: asset.id, sniffedType, ...size, updated: accepted.count }, "upload.ready");
  return size ? { id: asset.id, status: "ready", kind: "image", ...size } : { id: asset.id, status: "ready", kind: "audio" };
}

/**
 * Copies the staging object to the accepted key, only if it is still the
 * version that was checked: S3 honours CopySourceIfMatch (412 otherwise);
 * a store that ignores it is caught by the copy's ETag, and where ETags are
 * not content hashes (SSE-KMS) by reading the copy back.
 */
export async function acceptCheckedVersion(input: { asset: PendingAsset; staging: string; etag: string; bytes: Uint8Array }) {
  const { asset, staging, etag, bytes } = input;
  const changed = async () => {
    await deleteObject(asset.key).catch(() => undefined);
    log.warn({ assetId: asset.id }, "upload.changed_while_checked");
    return reject(asset, "This file was replaced while it was being checked; please upload it again");
  };
  let copyEtag: string | undefined;
  try {
    copyEtag = await copyObjectIfMatch({ from: staging, to: asset.key, etag });
  } catch (error: unknown) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 412) return changed();
    throw error;
  }
  if (copyEtag === etag) return;
  const copy = await readObject(asset.key, asset.size + 1);
  if (!Buffer.from(copy.bytes).equals(Buffer.from(bytes))) return changed();
}
