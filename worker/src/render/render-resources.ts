import { CaptionPainter } from "./draw-text";
import { KernelPool } from "./pixels/kernel-pool";
import { clipGarbageCollector, createMemoryReleaser } from "./release-memory";

/**
 * What a render keeps from frame to frame and clip to clip besides its
 * frames: the pixel kernels, the caption canvas, and the two memory hooks
 * run after each clip is prepared. One object, made by whoever renders
 * (renderStory makes one per render unless given one) and passed down, so
 * no renderer module keeps state of its own and tests build their own.
 */
export type RenderResources = {
  kernels: KernelPool;
  captions: CaptionPainter;
  /** Collects the garbage preparing a clip left (release-memory.ts). */
  collectClipGarbage: () => void;
  /** Hands the allocator's free pages back to the system; false where it cannot. */
  releaseFreeMemory: () => boolean;
};

export function createRenderResources(overrides: Partial<RenderResources> = {}): RenderResources {
  return {
    kernels: overrides.kernels ?? new KernelPool(),
    captions: overrides.captions ?? new CaptionPainter(),
    collectClipGarbage: overrides.collectClipGarbage ?? clipGarbageCollector(),
    releaseFreeMemory: overrides.releaseFreeMemory ?? createMemoryReleaser(),
  };
}
