import type { FrameSize, TransitionLayer } from "../../../lib/timeline";
import { SimdKernel } from "./resample-simd";
import { createYuv, lumaOf, planesOf, uOf, vOf, yuvSize, type YuvImage } from "./yuv";

// The per-frame pixel work of the renderer, on yuv420p planes: sampling a
// window of a still (Ken Burns, zoom), drawing transition layers exactly as
// lib/timeline/transitions.ts defines them, and compositing a caption.
// Written as plain loops over typed arrays: V8 compiles them to tight
// machine code, and only frames that change (Ken Burns, transitions) pay.

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
const bytesOf = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);

/**
 * The resampling kernels of one render's Ken Burns clips. A transition
 * between two of them asks for both every frame, and each kernel keeps one
 * clip's picture and caption loaded (the renderer prepares one clip ahead,
 * so two are all it needs at once): the one holding a clip is used, else
 * the one used least recently. Each render has its own (generateStoryFrames
 * makes them), so one render never evicts another's pictures; `release`
 * hands the kernels back for the next render (their memory, ~9 MB each at
 * 1080p, is kept rather than left to the garbage collector).
 */
const idleKernels: SimdKernel[] = [];

export class ClipResamplers {
  private readonly kernels: SimdKernel[] = [];
  private isReleased = false;

  /**
   * Gives the kernels back, emptied, for another render. Afterwards (a clip
   * prepared ahead of a render that failed, say) it takes no kernel again:
   * pictures are kept by their clips, and frames drawn in JavaScript.
   */
  release(): void {
    this.isReleased = true;
    for (const kernel of this.kernels.splice(0)) {
      kernel.unload();
      idleKernels.push(kernel);
    }
  }

  private kernelFor(key: object): SimdKernel | null {
    if (this.isReleased || !SimdKernel.isAvailable()) return null;
    let at = this.kernels.findIndex((kernel) => kernel.holds(key));
    if (at < 0 && this.kernels.length < 2) this.kernels.push(idleKernels.pop() ?? SimdKernel.create()!);
    if (at < 0) at = this.kernels.length - 1; // the least recently used is last
    const [kernel] = this.kernels.splice(at, 1);
    this.kernels.unshift(kernel);
    return kernel;
  }

  /**
   * Room for clip `key`'s picture inside the kernel that will draw it
   * (SimdKernel.pictureSpace): fill it, then `load` it under the same key,
   * straight away. null where there is no kernel.
   */
  pictureSpace(input: { picture: FrameSize; frame: FrameSize; key: object }): YuvImage | null {
    return this.kernelFor(input.key)?.pictureSpace(input.picture, input.frame, input.key) ?? null;
  }

  /**
   * Loads a clip's picture and caption into a kernel under `key` ahead of its
   * first frame, for frames of `frame`'s size, so that the clip need not keep
   * its own copy of the pixels (`resample` with the same key and overlay then
   * uses the kernel's); a picture written into its pictureSpace is adopted
   * without a copy. False where there is no kernel: the clip keeps them.
   */
  load(input: { source: YuvImage; frame: FrameSize; key: object; overlay: YuvOverlay | null }): boolean {
    const kernel = this.kernelFor(input.key);
    if (!kernel) return false;
    kernel.load(input.source, input.frame, input.key, input.overlay);
    return true;
  }

  /**
   * resampleWindow for a clip, then its caption composited: the kernel
   * holding `key` copies nothing; `source.data` may be empty once loaded.
   */
  resample(input: { source: YuvImage; target: YuvImage; window: Window; key: object; overlay: YuvOverlay | null }): void {
    const { source, target, window, key, overlay } = input;
    if (this.kernelFor(key)?.resample(source, target, window, key, overlay)) return;
    if (source.data.length !== yuvSize(source.width, source.height)) throw new Error("a clip's picture, held only by a kernel, cannot be drawn without it");
    resampleWindowScalar(source, target, window);
    if (overlay) compositeOverlay(target, overlay);
  }
}

/** Resampling without a clip (the zoom transition's layer): one kernel that copies its source in every time. */
let scratchKernel: SimdKernel | null | undefined;

/**
 * Bilinear resampling of a window of `source` into all of `target`, with
 * fractional positions: the window may move by a fraction of a pixel from
 * one frame to the next, so motion is smooth (no stair-stepping). Done by
 * the WebAssembly SIMD kernel (resample-simd.ts) when it can, else by
 * resampleWindowScalar; both give the same bytes. A Ken Burns clip, whose
 * picture stays loaded from frame to frame, goes through ClipResamplers.
 */
export function resampleWindow(source: YuvImage, target: YuvImage, window: Window): void {
  if (scratchKernel === undefined) scratchKernel = SimdKernel.create();
  if (scratchKernel?.resample(source, target, window)) return;
  resampleWindowScalar(source, target, window);
}

/**
 * resampleWindow in plain JavaScript: the reference for the SIMD kernel.
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

/**
 * Draws a transition's layers (transitionLayers) in order into `target`,
 * over black, except when the first layer covers the whole frame opaquely
 * (crossfade, wipe, zoom): then the black would only be overwritten.
 */
export function drawLayers(target: YuvImage, layers: readonly TransitionLayer[], frameOf: (layer: TransitionLayer) => YuvImage): void {
  const first = layers[0];
  const coversFrame = first !== undefined && first.opacity >= 1 && first.translateX === 0 && first.clipRight === undefined && first.scale >= 1;
  if (!coversFrame) fillBlack(target);
  for (const layer of layers) drawLayer(target, frameOf(layer), layer);
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

const toEven = (value: number) => 2 * Math.round(value / 2);

/**
 * Draws one transition layer (see transitionLayers) over `target`: the
 * clip's frame zoomed about the centre by `scale`, shifted by translateX
 * frame widths, kept only left of clipRight, blended at `opacity`. Shifts and
 * edges are whole even pixels, so chroma stays aligned.
 */
export function drawLayer(target: YuvImage, clipFrame: YuvImage, layer: TransitionLayer): void {
  const alpha = Math.round(Math.min(1, Math.max(0, layer.opacity)) * 256);
  if (alpha <= 0) return;
  const shift = toEven(layer.translateX * target.width);
  const right = layer.clipRight === undefined ? target.width : toEven(Math.min(1, Math.max(0, layer.clipRight)) * target.width);
  const isWhole = shift === 0 && right >= target.width;
  const zoom = { scale: layer.scale, x: 0.5, y: 0.5 };
  if (layer.scale !== 1 && alpha >= 256 && isWhole) {
    resampleWindow(clipFrame, target, zoom); // straight into the frame
    return;
  }
  let source = clipFrame;
  if (layer.scale !== 1) {
    source = createYuv(target.width, target.height);
    resampleWindow(clipFrame, source, zoom);
  }
  if (isWhole) {
    if (alpha >= 256) target.data.set(source.data);
    else blendWhole(target.data, source.data, alpha);
    return;
  }
  const s = bytesOf(source.data);
  const d = bytesOf(target.data);
  const planes = planesOf(target);
  for (let p = 0; p < 3; p += 1) {
    const plane = planes[p];
    const factor = p === 0 ? 1 : 2;
    const dx = shift / factor;
    const from = Math.max(0, dx);
    const to = Math.min(plane.width, plane.width + dx, right / factor);
    if (to <= from) continue;
    for (let y = 0; y < plane.height; y += 1) {
      const row = plane.offset + y * plane.width;
      if (alpha >= 256) {
        d.set(s.subarray(row + from - dx, row + to - dx), row + from);
        continue;
      }
      for (let x = from; x < to; x += 1) {
        const under = d[row + x];
        d[row + x] = under + (((s[row + x - dx] - under) * alpha + 128) >> 8);
      }
    }
  }
}

let simdBlend: SimdKernel | null | undefined;

/**
 * target = target·(256 − alpha)/256 + source·alpha/256 over whole buffers,
 * rounded; in WebAssembly SIMD when it can (resample-simd.ts), else
 * blendWholeScalar: the same bytes.
 */
export function blendWhole(target: Buffer, source: Buffer, alpha: number): void {
  // Its own kernel instance, so a blend does not evict a resampling source.
  if (simdBlend === undefined) simdBlend = SimdKernel.create();
  if (simdBlend) simdBlend.blend(target, source, alpha);
  else blendWholeScalar(target, source, alpha);
}

/**
 * blendWhole in plain JavaScript, four samples per step (two 16-bit lanes
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
