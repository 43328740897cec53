import { createYuv, lumaOf, planesOf, uOf, vOf, type YuvImage } from "../yuv";

// The renderer's pixel arithmetic in plain JavaScript, on yuv420p planes:
// bilinear resampling of a window of a picture, blending two frames,
// converting a caption to a yuv overlay and compositing it. These loops are
// the reference: the WebAssembly SIMD kernel (simd-kernel.ts, pixels.wat)
// computes the same bytes faster, and tests compare the two byte for byte.
// They are also the fallback where a runtime has no WebAssembly SIMD.
// Nothing here keeps state and nothing here imports the kernel.

/** A window of an image, in fractions of it: 1/scale of its size, centred at (x, y). */
export type Window = { scale: number; x: number; y: number };

export type Axis = { index: Int32Array; weight: Int32Array };

/**
 * For each output sample along one axis: the first of the two source
 * samples it falls between (the second is index + 1) and the weight (0..256)
 * of the second. Positions are kept inside the source.
 */
export function sampleAxis(sourceLength: number, outputLength: number, centre: number, scale: number): Axis {
  return sampleAxisInto(createAxis(outputLength), sourceLength, outputLength, centre, scale);
}

/** Arrays for the sampling positions of `length` output samples. */
export const createAxis = (length: number): Axis => ({ index: new Int32Array(length), weight: new Int32Array(length) });

/** sampleAxis into arrays of at least `outputLength` (reused every frame: no garbage). */
export function sampleAxisInto(axis: Axis, sourceLength: number, outputLength: number, centre: number, scale: number): Axis {
  const { index, weight } = axis;
  if (index.length < outputLength || weight.length < outputLength) throw new Error("sampleAxisInto needs arrays of the output's length");
  const last = sourceLength - 1;
  for (let o = 0; o < outputLength; o += 1) {
    const u = centre + ((o + 0.5) / outputLength - 0.5) / scale;
    const s = Math.min(last, Math.max(0, u * sourceLength - 0.5));
    let i = Math.floor(s);
    let w = Math.round((s - i) * 256);
    if (i >= last) {
      i = Math.max(0, last - 1);
      w = last > 0 ? 256 : 0;
    }
    index[o] = i;
    weight[o] = w;
  }
  return axis;
}

/** A plain Uint8Array view (V8 optimises element access on it better than on a Buffer). */
export const bytesOf = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);

/**
 * Bilinear resampling of a window of `source` into all of `target`, with
 * fractional positions: the window may move by a fraction of a pixel from
 * one frame to the next, so motion is smooth (no stair-stepping).
 * Separable: each output row first blends its two source rows (a
 * contiguous pass), then interpolates along the row.
 */
export function resampleWindowScalar(source: YuvImage, target: YuvImage, window: Window): void {
  const sourcePlanes = planesOf(source);
  const targetPlanes = planesOf(target);
  const s = bytesOf(source.data);
  const d = bytesOf(target.data);
  // One blended source row, as bytes and as 32-bit words (four samples per step).
  const rowWords = new Uint32Array(Math.ceil((source.width + 4) / 4));
  const row = new Uint8Array(rowWords.buffer);
  const isAligned = source.data.byteOffset % 4 === 0;
  const words = isAligned ? new Uint32Array(source.data.buffer, source.data.byteOffset, source.data.length >> 2) : null;
  for (let p = 0; p < 3; p += 1) {
    const sp = sourcePlanes[p];
    const tp = targetPlanes[p];
    const xs = sampleAxis(sp.width, tp.width, window.x, window.scale);
    const ys = sampleAxis(sp.height, tp.height, window.y, window.scale);
    const xIndex = xs.index;
    const xWeight = xs.weight;
    const lastRow = sp.height - 1;
    // Rows of a plane start on a word boundary when its offset and width are multiples of 4.
    const isWordRows = words !== null && sp.offset % 4 === 0 && sp.width % 4 === 0;
    let o = tp.offset;
    for (let oy = 0; oy < tp.height; oy += 1) {
      const r0 = sp.offset + ys.index[oy] * sp.width;
      const r1 = sp.offset + Math.min(lastRow, ys.index[oy] + 1) * sp.width;
      const fy = ys.weight[oy];
      const gy = 256 - fy;
      if (isWordRows) {
        // Vertical blend, two 16-bit lanes per word (255 × 256 fits a lane).
        const w0 = r0 >> 2;
        const w1 = r1 >> 2;
        const n = sp.width >> 2;
        for (let k = 0; k < n; k += 1) {
          const a = words[w0 + k];
          const b = words[w1 + k];
          const even = (((a & 0x00ff00ff) * gy + (b & 0x00ff00ff) * fy + 0x00800080) >>> 8) & 0x00ff00ff;
          const odd = ((((a >>> 8) & 0x00ff00ff) * gy + ((b >>> 8) & 0x00ff00ff) * fy + 0x00800080) >>> 8) & 0x00ff00ff;
          rowWords[k] = even | (odd << 8);
        }
      } else {
        for (let x = 0; x < sp.width; x += 1) row[x] = (s[r0 + x] * gy + s[r1 + x] * fy + 128) >> 8;
      }
      for (let ox = 0; ox < tp.width; ox += 1) {
        const i = xIndex[ox];
        const fx = xWeight[ox];
        d[o] = (row[i] * (256 - fx) + row[i + 1] * fx + 128) >> 8;
        o += 1;
      }
    }
  }
}

/** A fresh black frame. */
export function blackFrame(width: number, height: number): YuvImage {
  return fillBlack(createYuv(width, height));
}

/** Paints a frame black (limited range: Y 16, U = V = 128). */
export function fillBlack(frame: YuvImage): YuvImage {
  const [, u] = planesOf(frame);
  frame.data.fill(16, 0, u.offset);
  frame.data.fill(128, u.offset);
  return frame;
}

/**
 * target = target·(256 − alpha)/256 + source·alpha/256 over whole buffers,
 * rounded, four samples per step (two 16-bit lanes
 * of a 32-bit word at a time: 255 × 256 fits a lane, so lanes never spill
 * into each other).
 */
export function blendWholeScalar(target: Buffer, source: Buffer, alpha: number): void {
  const length = target.length;
  const isAligned = target.byteOffset % 4 === 0 && source.byteOffset % 4 === 0;
  const words = isAligned ? length >> 2 : 0;
  const beta = 256 - alpha;
  if (words > 0) {
    const d = new Uint32Array(target.buffer, target.byteOffset, words);
    const s = new Uint32Array(source.buffer, source.byteOffset, words);
    for (let i = 0; i < words; i += 1) {
      const a = d[i];
      const b = s[i];
      const even = (((a & 0x00ff00ff) * beta + (b & 0x00ff00ff) * alpha + 0x00800080) >>> 8) & 0x00ff00ff;
      const odd = ((((a >>> 8) & 0x00ff00ff) * beta + ((b >>> 8) & 0x00ff00ff) * alpha + 0x00800080) >>> 8) & 0x00ff00ff;
      d[i] = even | (odd << 8);
    }
  }
  const t = bytesOf(target);
  const u = bytesOf(source);
  for (let i = words * 4; i < length; i += 1) t[i] = (t[i] * beta + u[i] * alpha + 128) >> 8;
}

/**
 * A caption (or title) as yuv420p with alpha, for a rectangle of the frame:
 * per-pixel premultiplied Y and alpha, and per 2×2 block premultiplied U, V
 * and mean alpha. Composited with `compositeOverlay`.
 */
export type YuvOverlay = {
  x: number;
  y: number;
  width: number;
  height: number;
  lumaAlpha: Uint8Array;
  lumaPremultiplied: Uint16Array;
  chromaAlpha: Uint8Array;
  uPremultiplied: Uint16Array;
  vPremultiplied: Uint16Array;
};

/** Converts an RGBA (straight alpha) rectangle at (x, y) of the frame; x, y, width and height must be even. */
export function rgbaToYuvOverlay(rgba: Uint8Array | Uint8ClampedArray, rect: { x: number; y: number; width: number; height: number }): YuvOverlay {
  const { x, y, width, height } = rect;
  if (x % 2 || y % 2 || width % 2 || height % 2) throw new Error("an overlay rectangle must be even");
  // Premultiplied values are at most 240 × 255 (limited range times alpha): 16 bits each.
  const lumaAlpha = new Uint8Array(width * height);
  const lumaPremultiplied = new Uint16Array(width * height);
  const cw = width / 2;
  const chromaAlpha = new Uint8Array(cw * (height / 2));
  const uPremultiplied = new Uint16Array(cw * (height / 2));
  const vPremultiplied = new Uint16Array(cw * (height / 2));
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const i = (row * width + col) * 4;
      const a = rgba[i + 3];
      if (a === 0) continue;
      lumaAlpha[row * width + col] = a;
      lumaPremultiplied[row * width + col] = lumaOf(rgba[i], rgba[i + 1], rgba[i + 2]) * a;
    }
  }
  // Chroma: per 2×2 block, the mean of the four pixels' alpha and premultiplied U and V.
  for (let row = 0; row < height / 2; row += 1) {
    for (let col = 0; col < cw; col += 1) {
      let alphaSum = 0;
      let uSum = 0;
      let vSum = 0;
      for (let k = 0; k < 4; k += 1) {
        const i = ((2 * row + (k >> 1)) * width + 2 * col + (k & 1)) * 4;
        const a = rgba[i + 3];
        if (a === 0) continue;
        alphaSum += a;
        uSum += uOf(rgba[i], rgba[i + 1], rgba[i + 2]) * a;
        vSum += vOf(rgba[i], rgba[i + 1], rgba[i + 2]) * a;
      }
      const c = row * cw + col;
      chromaAlpha[c] = Math.round(alphaSum / 4);
      uPremultiplied[c] = Math.round(uSum / 4);
      vPremultiplied[c] = Math.round(vSum / 4);
    }
  }
  return { x, y, width, height, lumaAlpha, lumaPremultiplied, chromaAlpha, uPremultiplied, vPremultiplied };
}

/** Rounded x / 255 for 0 ≤ x ≤ 255 × 255, without a division. */
const div255 = (x: number) => (x + 128 + ((x + 128) >> 8)) >> 8;

/** Composites an overlay onto a frame in place ("source over"). */
export function compositeOverlay(frame: YuvImage, overlay: YuvOverlay): void {
  const [py, pu, pv] = planesOf(frame);
  const d = frame.data;
  const { x, y, width, height } = overlay;
  for (let row = 0; row < height; row += 1) {
    const fy = y + row;
    if (fy < 0 || fy >= frame.height) continue;
    for (let col = 0; col < width; col += 1) {
      const a = overlay.lumaAlpha[row * width + col];
      if (a === 0) continue;
      const fx = x + col;
      if (fx < 0 || fx >= frame.width) continue;
      const o = py.offset + fy * py.width + fx;
      d[o] = div255(d[o] * (255 - a) + overlay.lumaPremultiplied[row * width + col]);
    }
  }
  const cw = width / 2;
  for (let row = 0; row < height / 2; row += 1) {
    const fy = y / 2 + row;
    if (fy < 0 || fy >= pu.height) continue;
    for (let col = 0; col < cw; col += 1) {
      const c = row * cw + col;
      const a = overlay.chromaAlpha[c];
      if (a === 0) continue;
      const fx = x / 2 + col;
      if (fx < 0 || fx >= pu.width) continue;
      const ou = pu.offset + fy * pu.width + fx;
      const ov = pv.offset + fy * pv.width + fx;
      d[ou] = div255(d[ou] * (255 - a) + overlay.uPremultiplied[c]);
      d[ov] = div255(d[ov] * (255 - a) + overlay.vPremultiplied[c]);
    }
  }
}
