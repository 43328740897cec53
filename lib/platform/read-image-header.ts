import type { ImageContentType } from "../contracts/upload";

// Reads an image's type and pixel size from its first bytes, without
// decoding it: a 30000×30000 "photo" is refused before anything allocates
// its pixels. Pure, so it is tested byte by byte.

export type ImageHeader = { contentType: ImageContentType; width: number; height: number };

export type HeaderResult =
  | { ok: true; header: ImageHeader }
  | { ok: false; reason: "unknown_type" | "truncated" | "corrupt" };

function isJpeg(b: Uint8Array) {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}
function isPng(b: Uint8Array) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return b.length >= 8 && sig.every((v, i) => b[i] === v);
}
function isWebp(b: Uint8Array) {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  return b.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP";
}

export function sniffImageType(bytes: Uint8Array): ImageContentType | null {
  if (isJpeg(bytes)) return "image/jpeg";
  if (isPng(bytes)) return "image/png";
  if (isWebp(bytes)) return "image/webp";
  return null;
}

function readJpeg(b: Uint8Array): HeaderResult {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return { ok: false, reason: "corrupt" };
    const marker = b[offset + 1];
    // Fill bytes and standalone markers carry no length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return { ok: false, reason: "corrupt" }; // image data before any frame header
    const length = view.getUint16(offset + 2);
    if (length < 2) return { ok: false, reason: "corrupt" };
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (offset + 9 > b.length) return { ok: false, reason: "truncated" };
      const height = view.getUint16(offset + 5);
      const width = view.getUint16(offset + 7);
      if (!width || !height) return { ok: false, reason: "corrupt" };
      return { ok: true, header: { contentType: "image/jpeg", width, height } };
    }
    offset += 2 + length;
  }
  return { ok: false, reason: "truncated" };
}

function readPng(b: Uint8Array): HeaderResult {
  if (b.length < 24) return { ok: false, reason: "truncated" };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(...b.subarray(12, 16)) !== "IHDR") return { ok: false, reason: "corrupt" };
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (!width || !height) return { ok: false, reason: "corrupt" };
  return { ok: true, header: { contentType: "image/png", width, height } };
}

function readWebp(b: Uint8Array): HeaderResult {
  if (b.length < 30) return { ok: false, reason: "truncated" };
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  const u24 = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
  let width: number;
  let height: number;
  if (chunk === "VP8X") {
    width = u24(24) + 1;
    height = u24(27) + 1;
  } else if (chunk === "VP8 ") {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return { ok: false, reason: "corrupt" };
    width = (b[26] | (b[27] << 8)) & 0x3fff;
    height = (b[28] | (b[29] << 8)) & 0x3fff;
  } else if (chunk === "VP8L") {
    if (b[20] !== 0x2f) return { ok: false, reason: "corrupt" };
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    width = (bits & 0x3fff) + 1;
    height = ((bits >> 14) & 0x3fff) + 1;
  } else {
    return { ok: false, reason: "corrupt" };
  }
  if (!width || !height) return { ok: false, reason: "corrupt" };
  return { ok: true, header: { contentType: "image/webp", width, height } };
}

export function readImageHeader(bytes: Uint8Array): HeaderResult {
  if (isJpeg(bytes)) return readJpeg(bytes);
  if (isPng(bytes)) return readPng(bytes);
  if (isWebp(bytes)) return readWebp(bytes);
  return { ok: false, reason: "unknown_type" };
}
