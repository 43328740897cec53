import { readFileSync } from "node:fs";
import type { FrameSize } from "../../../../lib/timeline";
import { planesOf, yuvSize, type YuvImage } from "../yuv";
import { alignUp, BAND_ROWS, BLOCK, NO_LAYOUT, PAD, placeTables, ROW, type Layout } from "./kernel-layout";
import { compositeOverlay, createAxis, sampleAxisInto, type Axis, type Window, type YuvOverlay } from "./reference";

const PAGE = 64 << 10;
/** Bytes blended per step (a multiple of 16): small enough to stay in cache, large enough to cost no calls. */
const BLEND_PIECE = 128 << 10;

// Ken Burns and the zoom transition resample a window of a picture every
// frame, and crossfades blend two frames. These run the exact arithmetic of
// reference.ts's JavaScript loops (resampleWindowScalar, blendWholeScalar,
// compositeOverlay) in WebAssembly SIMD (pixels.wat), 16 samples per step
// (docs/renderer.md has the figures). The JavaScript loops stay as the
// reference and the fallback (no WebAssembly SIMD, or a window zoomed out so
// far that a block of 16 samples spans more than 32 source columns).

type Kernel = {
  memory: WebAssembly.Memory;
  resample_plane: (rows: number, rowCount: number, blocks: number, blockCount: number, row: number, columns: number, out: number, outWidth: number) => void;
  blend: (target: number, source: number, length: number, alpha: number) => void;
  composite: (dst: number, dstWidth: number, alpha: number, premultiplied: number, stride: number, rows: number) => void;
};

/** Where one plane of a loaded overlay lies (in that plane's samples) and where its rows are in memory. */
type OverlayPlane = { x: number; y: number; height: number; alpha: number; premultiplied: number; stride: number };

/** An overlay as loaded into kernel memory, one entry per plane (Y, U, V): rows padded to 16 samples with alpha 0. */
type LoadedOverlay = { overlay: YuvOverlay; planes: [OverlayPlane, OverlayPlane, OverlayPlane] };

/** The compiled kernel (pixels.wasm), or null when this runtime has no WebAssembly SIMD. */
export function compileKernelModule(): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(readFileSync(new URL("./pixels.wasm", import.meta.url)));
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript loops do the work
  }
}

/** One plane's part of a frame being drawn. */
type PlaneJob = { width: number; offset: number; blocks: number; blockCount: number; rows: number; columns: number; band: number };

/**
 * One kernel instance with its own memory: the source picture is copied in
 * (once per `sourceKey`, so a Ken Burns clip is copied once, not per frame),
 * each frame is computed there and copied out.
 */
export class SimdKernel {
  private readonly kernel: Kernel;
  private bytes: Uint8Array;
  /** The same memory as 16-bit and 32-bit words (the tables' weights and offsets; their places are aligned). */
  private words: Uint16Array;
  private ints: Int32Array;
  /** Each plane's sampling positions, reused from frame to frame (sampleAxisInto). */
  private axes: { width: number; height: number; planes: { xs: Axis; ys: Axis }[] } | null = null;
  private layout: Layout = NO_LAYOUT;
  /** The picture loaded at layout.source: its key and size. */
  private loaded: { key: object | undefined; size: FrameSize } | null = null;
  /** The pictureSpace handed out last and its key, until it is loaded or overwritten. */
  private space: { key: object; data: Buffer } | null = null;
  /** Every pictureSpace handed out, so that a stale one is recognised. */
  private readonly spaces = new WeakSet<Buffer>();
  private loadedOverlay: LoadedOverlay | null = null;
  private overlayGiven: YuvOverlay | null = null;

  constructor(compiled: WebAssembly.Module) {
    this.kernel = new WebAssembly.Instance(compiled).exports as unknown as Kernel;
    this.bytes = new Uint8Array(this.kernel.memory.buffer);
    this.words = new Uint16Array(this.kernel.memory.buffer);
    this.ints = new Int32Array(this.kernel.memory.buffer);
  }

  /** Arrays for the sampling positions of frames of `target`'s size. */
  private axesFor(target: FrameSize): { xs: Axis; ys: Axis }[] {
    if (this.axes?.width !== target.width || this.axes.height !== target.height) {
      this.axes = { ...target, planes: planesOf(target).map((plane) => ({ xs: createAxis(plane.width), ys: createAxis(plane.height) })) };
    }
    return this.axes.planes;
  }

  /** Whether the picture named `key` is loaded, or being written into its pictureSpace. */
  holds(key: object): boolean {
    return (this.loaded !== null && this.loaded.key === key) || this.space?.key === key;
  }

  /**
   * Fills `target` with the window of `source`, exactly as
   * resampleWindowScalar does, then composites `overlay` (a caption) over it
   * as compositeOverlay does. `sourceKey` names the source's content and its
   * overlay: the same key means the same pixels (no copy). Returns false, and
   * leaves `target` alone, when a window cannot be done by the kernel (the
   * caller then uses resampleWindowScalar and compositeOverlay).
   */
  resample(source: YuvImage, target: YuvImage, window: Window, sourceKey?: object, overlay?: YuvOverlay | null): boolean {
    if (!this.sampleWindow(source, target, window)) return false;
    this.ensureLayout(source, target);
    if (sourceKey === undefined || this.loaded?.key !== sourceKey || (overlay ?? null) !== this.overlayGiven) this.loadSource(source, target, sourceKey, overlay ?? null);
    this.drawLoaded(source, target);
    return true;
  }

  /**
   * resample for the picture loaded under `key` (load, or a pictureSpace),
   * with its overlay: nothing is copied in. Throws if that picture is no
   * longer here; false as resample.
   */
  resampleLoaded(key: object, target: YuvImage, window: Window): boolean {
    const picture = this.loaded?.key === key ? this.loaded.size : null;
    if (!picture) throw new Error("a picture held only by a kernel was evicted from it");
    if (!this.sampleWindow(picture, target, window)) return false;
    this.ensureLayout(picture, target);
    if (this.loaded?.key !== key) throw new Error("a picture held only by a kernel was evicted from it (frames of another size)");
    this.drawLoaded(picture, target);
    return true;
  }

  /** Each plane's sampling positions for this window; false if a block of 16 samples spans more than the kernel reads. */
  private sampleWindow(source: FrameSize, target: FrameSize, window: Window): boolean {
    const sourcePlanes = planesOf(source);
    const targetPlanes = planesOf(target);
    const axes = this.axesFor(target);
    for (let p = 0; p < 3; p += 1) {
      const sp = sourcePlanes[p];
      const tp = targetPlanes[p];
      const { index } = sampleAxisInto(axes[p].xs, sp.width, tp.width, window.x, window.scale);
      for (let start = 0; start < tp.width; start += 16) {
        const end = Math.min(tp.width, start + 16) - 1;
        if (index[end] - index[start] > 30) return false;
      }
      sampleAxisInto(axes[p].ys, sp.height, tp.height, window.y, window.scale);
    }
    return true;
  }

  /** Draws the loaded picture (of `source`'s size) through the sampled axes into `target`, with the loaded overlay. */
  private drawLoaded(source: FrameSize, target: YuvImage): void {
    const sourcePlanes = planesOf(source);
    const targetPlanes = planesOf(target);
    const axes = this.axes!.planes;
    const l = this.layout;
    const planes: PlaneJob[] = [];
    for (let p = 0; p < 3; p += 1) {
      const sp = sourcePlanes[p];
      const tp = targetPlanes[p];
      const { xs, ys } = axes[p];
      const first = xs.index[0];
      const blockCount = Math.ceil(tp.width / 16);
      this.writeBlockTable(l.blocks[p], blockCount, xs, tp.width);
      this.writeRowTable(l.rows[p], ys, tp.height, { start: l.source + sp.offset + first, width: sp.width, lastRow: sp.height - 1 });
      planes.push({ width: tp.width, offset: tp.offset, blocks: l.blocks[p], blockCount, rows: l.rows[p], columns: xs.index[tp.width - 1] + 2 - first, band: l.band[p] });
    }
    this.drawBands(planes, target);
    // An overlay partly outside the frame (never a caption) is clipped by the JavaScript.
    if (this.overlayGiven && !this.loadedOverlay) compositeOverlay(target, this.overlayGiven);
  }

  /** The horizontal table (BLOCK) of one plane: offsets and weights written through typed views of the memory. */
  private writeBlockTable(blocks: number, blockCount: number, xs: Axis, width: number): void {
    const { bytes, words, ints } = this;
    const { index, weight: weights } = xs;
    const first = index[0];
    // The fields as locals: this loop runs for every 16 samples of every frame.
    const { bytes: entry, firstColumn, left: leftAt, leftInSecond, right: rightAt, rightInSecond, rightWeight, leftWeight } = BLOCK;
    for (let k = 0; k < blockCount; k += 1) {
      const at = blocks + k * entry;
      const base = index[k * 16];
      ints[(at + firstColumn) >> 2] = base - first;
      const rightWeights = (at + rightWeight) >> 1;
      const leftWeights = (at + leftWeight) >> 1;
      for (let j = 0; j < 16; j += 1) {
        const o = k * 16 + j;
        const inside = o < width;
        const left = inside ? index[o] - base : 0;
        const weight = inside ? weights[o] : 0;
        bytes[at + leftAt + j] = left;
        bytes[at + leftInSecond + j] = (left - 16) & 0xff;
        bytes[at + rightAt + j] = left + 1;
        bytes[at + rightInSecond + j] = (left + 1 - 16) & 0xff;
        words[rightWeights + j] = weight;
        words[leftWeights + j] = 256 - weight;
      }
    }
  }

  /** The vertical table (ROW) of one plane: per output row, the two source rows and the weight of the second. */
  private writeRowTable(rows: number, ys: Axis, height: number, plane: { start: number; width: number; lastRow: number }): void {
    const ints = this.ints;
    const { start, width, lastRow } = plane;
    const { index, weight } = ys;
    const { bytes: entry, firstRow, secondRow, weight: weightAt } = ROW;
    for (let oy = 0; oy < height; oy += 1) {
      const at = rows + oy * entry;
      const y = index[oy];
      ints[(at + firstRow) >> 2] = start + y * width;
      ints[(at + secondRow) >> 2] = start + Math.min(lastRow, y + 1) * width;
      ints[(at + weightAt) >> 2] = weight[oy];
    }
  }

  /** Runs the kernel a band of rows at a time, so its memory holds a band of the output, not a whole frame (3 MB at 1080p). */
  private drawBands(planes: PlaneJob[], target: YuvImage): void {
    const l = this.layout;
    const loaded = this.loadedOverlay;
    for (let y0 = 0; y0 < target.height; y0 += BAND_ROWS) {
      const bandRows = Math.min(BAND_ROWS, target.height - y0);
      // The band's first row and row count in each plane (chroma planes have half the rows).
      const spans = planes.map((_, p) => (p === 0 ? { from: y0, count: bandRows } : { from: y0 / 2, count: bandRows / 2 }));
      // All three planes' rows first: a row spills up to 15 bytes into the next band buffer, written after it.
      for (const [p, plane] of planes.entries()) {
        const { from, count } = spans[p];
        this.kernel.resample_plane(plane.rows + from * ROW.bytes, count, plane.blocks, plane.blockCount, l.row, plane.columns, plane.band, plane.width);
      }
      for (const [p, plane] of planes.entries()) {
        const { width, band } = plane;
        const { from, count } = spans[p];
        const layer = loaded?.planes[p];
        if (layer) {
          const top = Math.max(from, layer.y);
          const bottom = Math.min(from + count, layer.y + layer.height);
          if (bottom > top) {
            const skip = top - layer.y;
            this.kernel.composite(band + (top - from) * width + layer.x, width, layer.alpha + skip * layer.stride, layer.premultiplied + 2 * skip * layer.stride, layer.stride, bottom - top);
          }
        }
        target.data.set(this.bytes.subarray(band, band + count * width), plane.offset + from * width);
      }
    }
  }

  /**
   * Loads a picture and its overlay under `key` for frames of `frame`'s size,
   * ahead of the first resample (which then copies nothing): afterwards the
   * caller may drop its copy of the pixels, keeping only their size.
   */
  load(source: YuvImage, frame: FrameSize, key: object, overlay: YuvOverlay | null): void {
    if (this.spaces.has(source.data)) {
      // Written straight into pictureSpace: nothing to copy, if nothing took the space over since.
      if (this.space?.data !== source.data || this.space.key !== key) throw new Error("a picture written into a kernel was overwritten before it was loaded");
      this.space = null;
      this.markLoaded(source, frame, key, overlay);
      return;
    }
    this.ensureLayout(source, frame);
    this.loadSource(source, frame, key, overlay);
  }

  /**
   * Room in this kernel's memory for the picture `key` will load (of
   * `picture`'s size, for frames of `frame`'s size): a yuv420p image to be
   * filled, then handed to `load` under the same key, which then copies
   * nothing (a 1080p Ken Burns picture is 4 MB the JavaScript heap never
   * holds). What was loaded is forgotten. Valid until any other call on this
   * kernel.
   */
  pictureSpace(picture: FrameSize, frame: FrameSize, key: object): YuvImage {
    this.ensureLayout(picture, frame);
    this.unload();
    const data = Buffer.from(this.kernel.memory.buffer, this.layout.source, yuvSize(picture.width, picture.height));
    this.space = { key, data };
    this.spaces.add(data);
    return { width: picture.width, height: picture.height, data };
  }

  /** Forgets what is loaded (and drops the references to it). */
  unload(): void {
    this.loaded = null;
    this.loadedOverlay = null;
    this.overlayGiven = null;
    this.space = null;
  }

  private loadSource(source: YuvImage, frame: FrameSize, key: object | undefined, overlay: YuvOverlay | null): void {
    this.space = null;
    // A picture handed to a kernel (load) and since replaced there cannot be loaded again.
    if (source.data.length !== yuvSize(source.width, source.height)) throw new Error("a picture held only by a kernel was evicted from it");
    this.bytes.set(source.data, this.layout.source);
    this.markLoaded(source, frame, key, overlay);
  }

  /** The picture at the source's place is `key`'s: its overlay is loaded after it. */
  private markLoaded(picture: FrameSize, frame: FrameSize, key: object | undefined, overlay: YuvOverlay | null): void {
    this.loadedOverlay = overlay && isInside(overlay, frame) ? this.loadOverlay(overlay, this.layout.end) : null;
    this.overlayGiven = overlay;
    this.loaded = { key, size: { width: picture.width, height: picture.height } };
  }

  /** Copies an overlay into memory from `at` on, rows padded to 16 samples with alpha 0. */
  private loadOverlay(overlay: YuvOverlay, at: number): LoadedOverlay {
    const { width, height } = overlay;
    const stride = alignUp(width, 16);
    const chromaStride = alignUp(width / 2, 16);
    const chromaRows = height / 2;
    const lumaAlpha = alignUp(at, PAD);
    const lumaPremultiplied = alignUp(lumaAlpha + stride * height + PAD, PAD);
    const chromaAlpha = alignUp(lumaPremultiplied + 2 * stride * height + PAD, PAD);
    const u = alignUp(chromaAlpha + chromaStride * chromaRows + PAD, PAD);
    const v = alignUp(u + 2 * chromaStride * chromaRows + PAD, PAD);
    const end = v + 2 * chromaStride * chromaRows + PAD;
    this.reserve(end);
    const bytes = this.bytes;
    const words = this.words;
    bytes.fill(0, lumaAlpha, end);
    for (let row = 0; row < height; row += 1) {
      bytes.set(overlay.lumaAlpha.subarray(row * width, (row + 1) * width), lumaAlpha + row * stride);
      words.set(overlay.lumaPremultiplied.subarray(row * width, (row + 1) * width), (lumaPremultiplied >> 1) + row * stride);
    }
    const cw = width / 2;
    for (let row = 0; row < chromaRows; row += 1) {
      bytes.set(overlay.chromaAlpha.subarray(row * cw, (row + 1) * cw), chromaAlpha + row * chromaStride);
      words.set(overlay.uPremultiplied.subarray(row * cw, (row + 1) * cw), (u >> 1) + row * chromaStride);
      words.set(overlay.vPremultiplied.subarray(row * cw, (row + 1) * cw), (v >> 1) + row * chromaStride);
    }
    const chroma = { x: overlay.x / 2, y: overlay.y / 2, height: chromaRows, alpha: chromaAlpha, stride: chromaStride };
    return {
      overlay,
      planes: [
        { x: overlay.x, y: overlay.y, height, alpha: lumaAlpha, premultiplied: lumaPremultiplied, stride },
        { ...chroma, premultiplied: u },
        { ...chroma, premultiplied: v },
      ],
    };
  }

  /** target = target·(256 − alpha)/256 + source·alpha/256, rounded: blendWholeScalar's bytes. */
  blend(target: Uint8Array, source: Uint8Array, alpha: number): void {
    const length = target.length;
    if (source.length !== length) throw new Error("blend needs two buffers of one length");
    // A piece at a time, so the kernel's memory holds two pieces, not two
    // whole frames (6 MB at 1080p); the copies are the same either way.
    const piece = Math.min(length, BLEND_PIECE);
    const second = alignUp(piece + PAD, PAD);
    this.reserve(second + piece + PAD);
    this.layout = NO_LAYOUT; // the resampling layout (and its loaded source) is overwritten
    this.unload();
    const bytes = this.bytes;
    for (let start = 0; start < length; start += piece) {
      const end = Math.min(length, start + piece);
      bytes.set(target.subarray(start, end), 0);
      bytes.set(source.subarray(start, end), second);
      this.kernel.blend(0, second, end - start, alpha);
      target.set(bytes.subarray(0, end - start), start);
    }
  }

  private reserve(end: number) {
    const have = this.kernel.memory.buffer.byteLength;
    if (end > have) this.kernel.memory.grow(Math.ceil((end - have) / PAGE));
    if (this.bytes.buffer !== this.kernel.memory.buffer) {
      this.bytes = new Uint8Array(this.kernel.memory.buffer);
      this.words = new Uint16Array(this.kernel.memory.buffer);
      this.ints = new Int32Array(this.kernel.memory.buffer);
    }
  }

  /** Places the tables and buffers for these sizes, growing memory if needed. */
  private ensureLayout(source: FrameSize, target: FrameSize) {
    const l = this.layout;
    const sourceLength = yuvSize(source.width, source.height);
    const outLength = yuvSize(target.width, target.height);
    if (l.sourceLength === sourceLength && l.outLength === outLength && l.sourceWidth === source.width && l.outWidth === target.width) return;
    const layout = placeTables(source, target);
    this.reserve(layout.end);
    this.layout = layout;
    this.unload();
  }
}

/** Whether an overlay lies wholly inside the frame (captions always do). */
const isInside = (overlay: YuvOverlay, frame: { width: number; height: number }) =>
  overlay.x >= 0 && overlay.y >= 0 && overlay.x + overlay.width <= frame.width && overlay.y + overlay.height <= frame.height;
