import { open, stat } from "node:fs/promises";
import sharp from "sharp";
import { isAudioType, isImageType, type UploadContentType } from "../../lib/contracts/upload";
import { sniffImageType } from "../../lib/platform/read-image-header";
import { audioSniffLength, sniffAudioType } from "../../lib/platform/sniff-audio";

// Defence in depth: the upload check sniffed each file's type and stored it
// on the asset; the worker sniffs the bytes it downloaded again and refuses
// any other type, so what reaches a decoder (sharp for photos, ffmpeg with a
// forced demuxer for music) is the format that was checked.

export type DownloadedAsset = { kind: "photo" | "music"; contentType: string; sniffedType: string | null };

export type DownloadCheck = { ok: true; contentType: UploadContentType } | { ok: false; found: string | null; expected: string | null };

const SHARP_FORMATS: Record<string, string> = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" };

/** The type the start of a downloaded file must have. Pure, so it is tested byte by byte. */
export function checkDownloadedBytes(start: Uint8Array, asset: DownloadedAsset): DownloadCheck {
  if (asset.kind === "photo") {
    // Assets accepted before the sniffed type was stored: a photo's declared type had to match its bytes.
    const expected = asset.sniffedType ?? asset.contentType;
    const found = sniffImageType(start);
    return found && isImageType(expected) && found === expected ? { ok: true, contentType: found } : { ok: false, found, expected };
  }
  const sniff = sniffAudioType(start);
  const found = sniff.ok ? sniff.contentType : null;
  const expected = asset.sniffedType;
  if (!found || (expected !== null && found !== expected) || (expected !== null && !isAudioType(expected))) return { ok: false, found, expected };
  return { ok: true, contentType: found };
}

async function readStart(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Sniffs a downloaded file (for music, past any ID3 tag); for a photo, also
 * asks libvips which loader it would use. Returns the check's answer.
 */
export async function checkDownloadedFile(file: string, asset: DownloadedAsset): Promise<DownloadCheck> {
  let start = await readStart(file, 64 * 1024);
  if (asset.kind === "music" && audioSniffLength(start) > start.length) {
    // A tag claiming more than the file holds reads the file, not what it claims.
    start = await readStart(file, Math.min(audioSniffLength(start), (await stat(file)).size));
  }
  const check = checkDownloadedBytes(start, asset);
  if (!check.ok || asset.kind === "music") return check;
  const format = await sharp(file).metadata().then((m) => m.format, () => null);
  return format === SHARP_FORMATS[check.contentType] ? check : { ok: false, found: format ?? null, expected: check.contentType };
}
