// Frames travel to ffmpeg as raw yuv420p, the encoder's own format, so no
// frame is converted per frame: each still is converted once here, and
// blends, wipes, slides and Ken Burns work on the planes directly (a linear
// blend in Y'CbCr equals the same blend in R'G'B', the conversion being affine).
//
// The matrix is BT.709 limited range, and the encoder tags the output so
// (see build-render-args), so players show the colours of the photos.

/** A yuv420p picture: Y (width×height), then U and V (each width/2 × height/2). */
export type YuvImage = { width: number; height: number; data: Buffer };

export function yuvSize(width: number, height: number): number {
  return width * height + 2 * (width / 2) * (height / 2);
}

export function createYuv(width: number, height: number): YuvImage {
  if (width % 2 || height % 2) throw new Error(`yuv420p needs even sizes, got ${width}×${height}`);
  return { width, height, data: Buffer.alloc(yuvSize(width, height)) };
}

/** Offsets and sizes of the three planes. */
export function planesOf(image: { width: number; height: number }) {
  const { width, height } = image;
  const lumaSize = width * height;
  const cw = width / 2;
  const ch = height / 2;
  return [
    { offset: 0, width, height },
    { offset: lumaSize, width: cw, height: ch },
    { offset: lumaSize + cw * ch, width: cw, height: ch },
  ] as const;
}

// BT.709, 8-bit limited range, coefficients scaled by 2^16.
const KR = 0.2126;
const KB = 0.0722;
const KG = 1 - KR - KB;
const S = 1 << 16;
const YR = Math.round(((219 / 255) * KR) * S);
const YG = Math.round(((219 / 255) * KG) * S);
const YB = Math.round(((219 / 255) * KB) * S);
const UR = Math.round(((224 / 255) * (-KR / (2 * (1 - KB)))) * S);
const UG = Math.round(((224 / 255) * (-KG / (2 * (1 - KB)))) * S);
const UB = Math.round(((224 / 255) * 0.5) * S);
const VR = Math.round(((224 / 255) * 0.5) * S);
const VG = Math.round(((224 / 255) * (-KG / (2 * (1 - KR)))) * S);
const VB = Math.round(((224 / 255) * (-KB / (2 * (1 - KR)))) * S);
const HALF = 1 << 15;

/** Y (limited range) of one R'G'B' colour; lumaOf, uOf and vOf allocate nothing (per-pixel loops). */
export const lumaOf = (r: number, g: number, b: number) => (YR * r + YG * g + YB * b + HALF + (16 << 16)) >> 16;
/** U (limited range) of one R'G'B' colour. */
export const uOf = (r: number, g: number, b: number) => (UR * r + UG * g + UB * b + HALF + (128 << 16)) >> 16;
/** V (limited range) of one R'G'B' colour. */
export const vOf = (r: number, g: number, b: number) => (VR * r + VG * g + VB * b + HALF + (128 << 16)) >> 16;

/** Y, U, V (limited range) of one R'G'B' colour. */
export function rgbToYuvPixel(r: number, g: number, b: number): [number, number, number] {
  return [lumaOf(r, g, b), uOf(r, g, b), vOf(r, g, b)];
}

/**
 * Converts packed RGB (3 or 4 channels per pixel) to yuv420p; chroma is the
 * mean of each 2×2 block. Into `out` when given (a picture of the same size).
 */
export function rgbToYuv420p(rgb: Uint8Array, width: number, height: number, channels = 3, out: YuvImage = createYuv(width, height)): YuvImage {
  if (out.width !== width || out.height !== height || out.data.length !== yuvSize(width, height)) throw new Error("rgbToYuv420p needs a picture of the photo's size");
  const [, pu, pv] = planesOf(out);
  const d = out.data;
  const cw = width / 2;
  for (let y = 0; y < height; y += 2) {
    const row0 = y * width * channels;
    const row1 = row0 + width * channels;
    const yo0 = y * width;
    const yo1 = yo0 + width;
    const co = (y >> 1) * cw;
    for (let x = 0; x < width; x += 2) {
      const i00 = row0 + x * channels;
      const i01 = i00 + channels;
      const i10 = row1 + x * channels;
      const i11 = i10 + channels;
      const r00 = rgb[i00], g00 = rgb[i00 + 1], b00 = rgb[i00 + 2];
      const r01 = rgb[i01], g01 = rgb[i01 + 1], b01 = rgb[i01 + 2];
      const r10 = rgb[i10], g10 = rgb[i10 + 1], b10 = rgb[i10 + 2];
      const r11 = rgb[i11], g11 = rgb[i11 + 1], b11 = rgb[i11 + 2];
      d[yo0 + x] = (YR * r00 + YG * g00 + YB * b00 + HALF + (16 << 16)) >> 16;
      d[yo0 + x + 1] = (YR * r01 + YG * g01 + YB * b01 + HALF + (16 << 16)) >> 16;
      d[yo1 + x] = (YR * r10 + YG * g10 + YB * b10 + HALF + (16 << 16)) >> 16;
      d[yo1 + x + 1] = (YR * r11 + YG * g11 + YB * b11 + HALF + (16 << 16)) >> 16;
      const r = r00 + r01 + r10 + r11;
      const g = g00 + g01 + g10 + g11;
      const b = b00 + b01 + b10 + b11;
      const c = co + (x >> 1);
      d[pu.offset + c] = (UR * r + UG * g + UB * b + 4 * HALF + (512 << 16)) >> 18;
      d[pv.offset + c] = (VR * r + VG * g + VB * b + 4 * HALF + (512 << 16)) >> 18;
    }
  }
  return out;
}

/** Converts yuv420p back to packed RGB (the poster; tests). */
export function yuv420pToRgb(image: YuvImage): Buffer {
  const { width, height, data } = image;
  const [, pu, pv] = planesOf(image);
  const out = Buffer.alloc(width * height * 3);
  const cw = width / 2;
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const c = (y >> 1) * cw + (x >> 1);
      const Y = ((data[y * width + x] - 16) * 255) / 219;
      const U = ((data[pu.offset + c] - 128) * 255) / 224;
      const V = ((data[pv.offset + c] - 128) * 255) / 224;
      const o = (y * width + x) * 3;
      out[o] = clamp(Y + 2 * (1 - KR) * V);
      out[o + 1] = clamp(Y - (2 * KB * (1 - KB) * U + 2 * KR * (1 - KR) * V) / KG);
      out[o + 2] = clamp(Y + 2 * (1 - KB) * U);
    }
  }
  return out;
}
