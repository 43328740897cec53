import type { FrameSize } from "../../../../lib/timeline";
import { yuvSize, type YuvImage } from "../yuv";
import { blendWholeScalar, compositeOverlay, resampleWindowScalar, type Window, type YuvOverlay } from "./reference";
import { compileKernelModule, SimdKernel } from "./simd-kernel";

// Who runs the pixel work: the WebAssembly SIMD kernels when the runtime has
// them, else the JavaScript reference loops (the same bytes either way).
// A KernelPool belongs to whoever renders (one per render: render-story.ts
// makes it as part of the render's resources) and is passed down; nothing
// here is kept at module level.

/**
 * Where a Ken Burns clip's picture (and its caption) is: kept by the clip,
 * or held by one of the render's kernels, which then is its only copy.
 */
export type MovingPicture =
  | { held: "clip"; picture: YuvImage; overlay: YuvOverlay | null }
  | { held: "kernel"; key: object; size: FrameSize };

/** The compiled kernel and the kernel instances of one render. */
export class KernelPool {
  private readonly idle: SimdKernel[] = [];
  /** Resampling without a clip (the zoom transition's layer): one kernel that copies its source in every time. */
  private scratch: SimdKernel | null | undefined;
  /** Its own kernel for blends, so a blend does not evict a resampling source. */
  private blender: SimdKernel | null | undefined;

  /** `compiled`: the kernel module; null runs everything in JavaScript (a runtime without WebAssembly SIMD, or a test). */
  constructor(private readonly compiled: WebAssembly.Module | null = compileKernelModule()) {}

  /** Whether the SIMD kernel runs here. */
  get hasKernel(): boolean {
    return this.compiled !== null;
  }

  /** A kernel instance, reused if one was given back; null without a kernel. */
  take(): SimdKernel | null {
    if (!this.compiled) return null;
    return this.idle.pop() ?? new SimdKernel(this.compiled);
  }

  /** Gives a kernel back, emptied, for the next user (its memory, ~9 MB at 1080p, is kept rather than left to the garbage collector). */
  giveBack(kernel: SimdKernel): void {
    kernel.unload();
    this.idle.push(kernel);
  }

  /**
   * Bilinear resampling of a window of `source` into all of `target`
   * (resampleWindowScalar's bytes), by the kernel when it can. A Ken Burns
   * clip, whose picture stays loaded from frame to frame, goes through
   * ClipKernels instead.
   */
  resampleWindow(source: YuvImage, target: YuvImage, window: Window): void {
    if (this.scratch === undefined) this.scratch = this.take();
    if (this.scratch?.resample(source, target, window)) return;
    resampleWindowScalar(source, target, window);
  }

  /** target = target·(256 − alpha)/256 + source·alpha/256 over whole buffers, rounded (blendWholeScalar's bytes). */
  blendWhole(target: Buffer, source: Buffer, alpha: number): void {
    if (this.blender === undefined) this.blender = this.take();
    if (this.blender) this.blender.blend(target, source, alpha);
    else blendWholeScalar(target, source, alpha);
  }
}

/**
 * The kernels of one render's Ken Burns clips. A transition between two of
 * them asks for both every frame, and each kernel keeps one clip's picture
 * and caption loaded (the renderer prepares one clip ahead, so two are all
 * it needs at once): the one holding a clip is used, else the one used
 * least recently. `release` hands the kernels back to the pool.
 */
export class ClipKernels {
  private readonly kernels: SimdKernel[] = [];
  private isReleased = false;

  constructor(private readonly pool: KernelPool) {}

  /**
   * Gives the kernels back, emptied. Afterwards (a clip prepared ahead of a
   * render that failed, say) it takes no kernel again: pictures are kept by
   * their clips, and frames drawn in JavaScript.
   */
  release(): void {
    this.isReleased = true;
    for (const kernel of this.kernels.splice(0)) this.pool.giveBack(kernel);
  }

  private kernelFor(key: object): SimdKernel | null {
    if (this.isReleased || !this.pool.hasKernel) return null;
    let at = this.kernels.findIndex((kernel) => kernel.holds(key));
    if (at < 0 && this.kernels.length < 2) this.kernels.push(this.pool.take()!);
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
   * first frame, for frames of `frame`'s size: the kernel then holds them, and
   * the clip keeps only the handle; a picture written into its pictureSpace
   * is adopted without a copy. Where there is no kernel the clip keeps them.
   */
  load(input: { source: YuvImage; frame: FrameSize; key: object; overlay: YuvOverlay | null }): MovingPicture {
    const { source, frame, key, overlay } = input;
    const kernel = this.kernelFor(key);
    if (!kernel) return { held: "clip", picture: source, overlay };
    kernel.load(source, frame, key, overlay);
    return { held: "kernel", key, size: { width: source.width, height: source.height } };
  }

  /** The window of a clip's picture into `target`, its caption composited over it. */
  resample(input: { picture: MovingPicture; target: YuvImage; window: Window }): void {
    const { picture, target, window } = input;
    if (picture.held === "kernel") {
      // Only a kernel has the pixels: it draws them, or no one can.
      if (this.kernelFor(picture.key)?.resampleLoaded(picture.key, target, window)) return;
      throw new Error("a clip's picture, held only by a kernel, cannot be drawn without it");
    }
    // Kept by the clip: its kernel copies it in once (the MovingPicture is the key), or JavaScript draws it.
    const { picture: source, overlay } = picture;
    if (this.kernelFor(picture)?.resample(source, target, window, picture, overlay)) return;
    if (source.data.length !== yuvSize(source.width, source.height)) throw new Error("a clip's picture has the wrong size");
    resampleWindowScalar(source, target, window);
    if (overlay) compositeOverlay(target, overlay);
  }
}
