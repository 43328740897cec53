import os from "node:os";
import { Worker } from "node:worker_threads";
import { resampleWindow, type Window, type YuvOverlay } from "./compose";
import type { ResampleMessage } from "./resample-worker";
import type { YuvImage } from "./yuv";

// Ken Burns frames are the one per-frame cost of the renderer that is not
// the encoder's: each is a bilinear resampling of a 1080p picture. They are
// computed on worker threads, several frames ahead, so they use the CPU time
// the encoder leaves idle instead of stalling the thread that feeds it.
// Without worker threads (or if they fail to start) the same code runs
// inline.

/** Whether `data` can be shared with worker threads without a copy. */
const isShared = (data: Buffer) => data.buffer instanceof SharedArrayBuffer;

/** A yuv buffer in shared memory (worker threads write into it). */
export function createSharedBuffer(length: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(length));
}

const OVERLAY_CHUNK = 256 << 10;

type Pending = { resolve: () => void; reject: (error: Error) => void };

export class ResamplePool {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, Pending & { worker: number; clip: number }>();
  /** Shared picture buffers by clip, and free ones by length: reused, because a worker
   * thread's idle isolate would otherwise keep a dropped clip's memory alive. */
  private readonly pictures = new Map<number, { data: Buffer; overlay: SharedArrayBuffer | null; pending: number; isDropped: boolean }>();
  private readonly freePictures: Buffer[] = [];
  /** Shared buffers holding captions (overlays), reused for the same reason: a copy sent to each
   * thread (structured clone) stayed alive in its idle isolate until a rare GC (~60 MB a thread). */
  private readonly freeOverlays: SharedArrayBuffer[] = [];
  private readonly inline = new Map<number, { picture: YuvImage; overlay: YuvOverlay | null }>();
  private nextClip = 1;
  private nextSeq = 1;
  private failure: Error | null = null;

  constructor(threads = Math.max(1, Math.min(2, os.availableParallelism()))) {
    for (let i = 0; i < threads; i += 1) {
      try {
        // The worker is TypeScript: under tsx it inherits the loader through
        // execArgv; elsewhere (vitest) tsx is registered for it.
        const hasLoader = process.execArgv.some((arg) => arg.includes("tsx"));
        const worker = new Worker(new URL("./resample-worker.ts", import.meta.url), {
          execArgv: hasLoader ? process.execArgv : [...process.execArgv, "--import", "tsx"],
        });
        worker.unref();
        worker.on("message", (message: { seq: number; error?: string }) => this.settle(message.seq, message.error));
        worker.on("error", (error) => this.fail(error));
        this.workers.push(worker);
        this.busy.push(0);
      } catch {
        break;
      }
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** A shared buffer for a picture, reused from a dropped clip when one of that length is free. */
  acquirePicture(length: number): Buffer {
    const at = this.freePictures.findIndex((data) => data.length === length);
    if (at >= 0) return this.freePictures.splice(at, 1)[0];
    return createSharedBuffer(length);
  }

  /** Makes a picture (with its caption overlay) available to the threads; returns its id. */
  addClip(picture: YuvImage, overlay: YuvOverlay | null): number {
    const id = this.nextClip++;
    if (!this.workers.length || !isShared(picture.data)) {
      this.inline.set(id, { picture, overlay });
      return id;
    }
    const shared = overlay ? this.shareOverlay(overlay) : null;
    this.pictures.set(id, { data: picture.data, overlay: shared?.buffer ?? null, pending: 0, isDropped: false });
    const message: ResampleMessage = { type: "clip", id, width: picture.width, height: picture.height, data: picture.data.buffer as SharedArrayBuffer, overlay: shared?.overlay ?? null };
    for (const worker of this.workers) worker.postMessage(message);
    return id;
  }

  /** The clip will not be asked for more frames; its picture is reused once its last frame is done. */
  dropClip(id: number): void {
    if (this.inline.delete(id)) return;
    const message: ResampleMessage = { type: "drop", id };
    for (const worker of this.workers) worker.postMessage(message);
    const picture = this.pictures.get(id);
    if (!picture) return;
    picture.isDropped = true;
    this.recycle(id);
  }

  private recycle(id: number) {
    const picture = this.pictures.get(id);
    if (!picture || !picture.isDropped || picture.pending > 0) return;
    this.pictures.delete(id);
    this.freePictures.push(picture.data);
    if (picture.overlay) this.freeOverlays.push(picture.overlay);
  }

  /** A copy of `overlay` whose arrays are views of one (reused) shared buffer, so threads get it without a copy. */
  private shareOverlay(overlay: YuvOverlay): { overlay: YuvOverlay; buffer: SharedArrayBuffer } {
    const parts = [overlay.lumaPremultiplied, overlay.uPremultiplied, overlay.vPremultiplied, overlay.lumaAlpha, overlay.chromaAlpha];
    const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
    // The smallest free buffer that fits; new ones are rounded up to 256 KB so they fit other captions.
    let at = -1;
    for (let i = 0; i < this.freeOverlays.length; i += 1) {
      if (this.freeOverlays[i].byteLength >= length && (at < 0 || this.freeOverlays[i].byteLength < this.freeOverlays[at].byteLength)) at = i;
    }
    const buffer = at >= 0 ? this.freeOverlays.splice(at, 1)[0] : new SharedArrayBuffer(Math.ceil(length / OVERLAY_CHUNK) * OVERLAY_CHUNK);
    // Uint32 arrays first, so every view is 4-byte aligned.
    let offset = 0;
    const place = <T extends Uint8Array | Uint32Array>(part: T, make: (offset: number) => T): T => {
      const view = make(offset);
      view.set(part);
      offset += part.byteLength;
      return view;
    };
    const u32 = (part: Uint32Array) => place(part, (o) => new Uint32Array(buffer, o, part.length));
    const u8 = (part: Uint8Array) => place(part, (o) => new Uint8Array(buffer, o, part.length));
    const lumaPremultiplied = u32(overlay.lumaPremultiplied);
    const uPremultiplied = u32(overlay.uPremultiplied);
    const vPremultiplied = u32(overlay.vPremultiplied);
    const lumaAlpha = u8(overlay.lumaAlpha);
    const chromaAlpha = u8(overlay.chromaAlpha);
    return {
      buffer,
      overlay: { x: overlay.x, y: overlay.y, width: overlay.width, height: overlay.height, lumaAlpha, lumaPremultiplied, chromaAlpha, uPremultiplied, vPremultiplied },
    };
  }

  /** Fills `out` with the window of clip `id` and its overlay. */
  render(id: number, window: Window, out: YuvImage): Promise<void> {
    const inline = this.inline.get(id);
    if (inline || !isShared(out.data)) {
      const clip = inline;
      if (!clip) return Promise.reject(new Error("a shared clip needs a shared output frame"));
      resampleWindow(clip.picture, out, window, clip, clip.overlay);
      return Promise.resolve();
    }
    if (this.failure) return Promise.reject(this.failure);
    let worker = 0;
    for (let i = 1; i < this.workers.length; i += 1) if (this.busy[i] < this.busy[worker]) worker = i;
    const seq = this.nextSeq++;
    this.busy[worker] += 1;
    const picture = this.pictures.get(id);
    if (picture) picture.pending += 1;
    const message: ResampleMessage = { type: "frame", seq, id, window, width: out.width, height: out.height, out: out.data.buffer as SharedArrayBuffer };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, worker, clip: id });
      this.workers[worker].postMessage(message);
    });
  }

  private settle(seq: number, error?: string) {
    const pending = this.pending.get(seq);
    if (!pending) return;
    this.pending.delete(seq);
    this.busy[pending.worker] -= 1;
    const picture = this.pictures.get(pending.clip);
    if (picture) {
      picture.pending -= 1;
      this.recycle(pending.clip);
    }
    if (error) pending.reject(new Error(error));
    else pending.resolve();
  }

  private fail(error: Error) {
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Stops the threads once the frames asked of them are done (the last frames are still awaited). */
  async close(): Promise<void> {
    const inFlight = [...this.pending.values()].map(
      (pending) => new Promise<void>((resolve) => {
        const { resolve: done, reject } = pending;
        pending.resolve = () => (done(), resolve());
        pending.reject = (error) => (reject(error), resolve());
      }),
    );
    await Promise.all(inFlight);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
