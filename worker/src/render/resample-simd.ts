import { readFileSync } from "node:fs";
import { sampleAxis, type Window } from "./compose";
import { planesOf, type YuvImage } from "./yuv";

// Ken Burns and the zoom transition resample a window of a picture every
// frame. This runs resampleWindow's exact arithmetic (compose.ts) in a
// WebAssembly SIMD kernel (resample.wat), 16 samples per step: about 4×
// less CPU than the JavaScript loops, which stay as the reference and the
// fallback (a window zoomed out so far that a block of 16 samples spans more
// than 32 source columns).

type Kernel = {
  memory: WebAssembly.Memory;
  resample_plane: (rows: number, rowCount: number, blocks: number, blockCount: number, row: number, columns: number, out: number, outWidth: number) => void;
};

const BLOCK_BYTES = 144;
const ROW_BYTES = 16;
/** Reads past the end of a source row or plane stay inside memory. */
const PAD = 64;
const PAGE = 64 << 10;

let compiledKernel: WebAssembly.Module | null | undefined;
function kernelModule(): WebAssembly.Module | null {
  if (compiledKernel === undefined) {
    try {
      compiledKernel = new WebAssembly.Module(readFileSync(new URL("./resample.wasm", import.meta.url)));
    } catch {
      compiledKernel = null; // no WebAssembly SIMD here: the JavaScript loops do the work
    }
  }
  return compiledKernel;
}

const alignUp = (value: number, to: number) => Math.ceil(value / to) * to;

/**
 * One kernel instance with its own memory: the source picture is copied in
 * (once per `sourceKey`, so a Ken Burns clip is copied once, not per frame),
 * each frame is computed there and copied out.
 */
export class SimdResampler {
  private readonly kernel: Kernel;
  private bytes: Uint8Array;
  private layout = { blocks: 0, rows: 0, row: 0, source: 0, out: 0, end: 0, sourceLength: -1, outLength: -1, sourceWidth: -1, outWidth: -1 };
  private loadedKey: object | undefined = undefined;

  /** null when this runtime cannot run the kernel. */
  static create(): SimdResampler | null {
    const compiled = kernelModule();
    return compiled ? new SimdResampler(compiled) : null;
  }

  private constructor(compiled: WebAssembly.Module) {
    this.kernel = new WebAssembly.Instance(compiled).exports as unknown as Kernel;
    this.bytes = new Uint8Array(this.kernel.memory.buffer);
  }

  /**
   * Fills `target` with the window of `source`, exactly as resampleWindow
   * does. `sourceKey` names the source's content: the same key means the
   * same pixels (no copy). Returns false, and leaves `target` alone, when a
   * window cannot be done by the kernel (the caller then uses resampleWindow).
   */
  resample(source: YuvImage, target: YuvImage, window: Window, sourceKey?: object): boolean {
    const sourcePlanes = planesOf(source);
    const targetPlanes = planesOf(target);
    const plans = [];
    for (let p = 0; p < 3; p += 1) {
      const sp = sourcePlanes[p];
      const tp = targetPlanes[p];
      const xs = sampleAxis(sp.width, tp.width, window.x, window.scale);
      const first = xs.index[0];
      for (let start = 0; start < tp.width; start += 16) {
        const end = Math.min(tp.width, start + 16) - 1;
        if (xs.index[end] - xs.index[start] > 30) return false;
      }
      plans.push({ sp, tp, xs, ys: sampleAxis(sp.height, tp.height, window.y, window.scale), first, columns: xs.index[tp.width - 1] + 2 - first });
    }
    this.ensureLayout(source, target);
    const l = this.layout;
    if (sourceKey === undefined || sourceKey !== this.loadedKey) {
      this.bytes.set(source.data, l.source);
      this.loadedKey = sourceKey;
    }
    const view = new DataView(this.kernel.memory.buffer);
    const bytes = this.bytes;
    for (const { sp, tp, xs, ys, first, columns } of plans) {
      // Horizontal: one 144-byte entry per block of 16 output samples.
      const blockCount = Math.ceil(tp.width / 16);
      for (let k = 0; k < blockCount; k += 1) {
        const at = l.blocks + k * BLOCK_BYTES;
        const base = xs.index[k * 16];
        view.setInt32(at, base - first, true);
        for (let j = 0; j < 16; j += 1) {
          const o = k * 16 + j;
          const inside = o < tp.width;
          const left = inside ? xs.index[o] - base : 0;
          const weight = inside ? xs.weight[o] : 0;
          bytes[at + 16 + j] = left;
          bytes[at + 32 + j] = (left - 16) & 0xff;
          bytes[at + 48 + j] = left + 1;
          bytes[at + 64 + j] = (left + 1 - 16) & 0xff;
          const half = j < 8 ? 0 : 16;
          view.setUint16(at + 80 + half + (j & 7) * 2, weight, true);
          view.setUint16(at + 112 + half + (j & 7) * 2, 256 - weight, true);
        }
      }
      // Vertical: the two source rows and the weight of the second, per output row.
      const lastRow = sp.height - 1;
      const planeStart = l.source + sp.offset + first;
      for (let oy = 0; oy < tp.height; oy += 1) {
        const at = l.rows + oy * ROW_BYTES;
        const y = ys.index[oy];
        view.setInt32(at, planeStart + y * sp.width, true);
        view.setInt32(at + 4, planeStart + Math.min(lastRow, y + 1) * sp.width, true);
        view.setInt32(at + 8, ys.weight[oy], true);
      }
      this.kernel.resample_plane(l.rows, tp.height, l.blocks, blockCount, l.row, columns, l.out + tp.offset, tp.width);
    }
    target.data.set(bytes.subarray(l.out, l.out + target.data.length));
    return true;
  }

  /** Places the tables and buffers for these sizes, growing memory if needed. */
  private ensureLayout(source: YuvImage, target: YuvImage) {
    const l = this.layout;
    if (l.sourceLength === source.data.length && l.outLength === target.data.length && l.sourceWidth === source.width && l.outWidth === target.width) return;
    const blocks = 0;
    const rows = alignUp(blocks + Math.ceil(target.width / 16) * BLOCK_BYTES, PAD);
    const row = alignUp(rows + target.height * ROW_BYTES, PAD);
    const sourceAt = alignUp(row + source.width + 2 * PAD, PAD);
    const out = alignUp(sourceAt + source.data.length + PAD, PAD);
    const end = out + target.data.length + PAD;
    const have = this.kernel.memory.buffer.byteLength;
    if (end > have) this.kernel.memory.grow(Math.ceil((end - have) / PAGE));
    this.bytes = new Uint8Array(this.kernel.memory.buffer);
    this.layout = { blocks, rows, row, source: sourceAt, out, end, sourceLength: source.data.length, outLength: target.data.length, sourceWidth: source.width, outWidth: target.width };
    this.loadedKey = undefined;
  }
}
