import { frameAt, kenBurnsAt, transitionLayers, type FrameSize, type Timeline, type TransitionLayer } from "../../../lib/timeline";
import { drawLayer, drawLayers } from "./draw-transition";
import { ClipKernels } from "./pixels/kernel-pool";
import { prepareClip, type PreparedClip } from "./prepare-clip";
import type { RenderResources } from "./render-resources";
import { createYuv, yuvSize, type YuvImage } from "./yuv";

// Turns a timeline into its frames, in order, as yuv420p pictures. Every
// frame of the video is decided here, from lib/timeline (frameAt,
// kenBurnsAt, transitionLayers): the same functions the editor preview draws.
//
// Cost model: a clip without Ken Burns is one still, prepared once (photo
// decoded at reduced size, caption drawn in) and handed out unchanged for
// every frame it is on screen, so a still frame costs nothing (and is sent
// to ffmpeg twice: when it appears and on its last frame, render-story.ts).
// Only Ken Burns and transition frames are computed, by the WebAssembly
// SIMD kernels (pixels/). Clips are prepared one ahead of the clip on
// screen (prepare-clip.ts; so photo decoding overlaps encoding) and dropped
// once shown, so memory does not grow with the story. docs/renderer.md.

/**
 * How many clips are prepared ahead of the one on screen: the next one,
 * decoded while this one plays (a photo takes ~0.1 s; a clip is on screen
 * for at least a second). Two ahead held one more picture and caption
 * (~6 MB at 1080p) for no speed.
 */
export const PREPARE_AHEAD = 1;

/** Output frame buffers, reused once ffmpeg has taken them, so memory stays flat. */
export class FramePool {
  private readonly free: YuvImage[] = [];
  private readonly owned = new WeakSet<YuvImage>();
  constructor(private readonly size: FrameSize) {}

  acquire(): YuvImage {
    const { width, height } = this.size;
    const frame = this.free.pop() ?? { ...createYuv(2, 2), width, height, data: Buffer.alloc(yuvSize(width, height)) };
    this.owned.add(frame);
    return frame;
  }

  /** Whether the pool handed this frame out (else it is a clip's still picture, the same for every frame of the clip). */
  owns(frame: YuvImage): boolean {
    return this.owned.has(frame);
  }

  /** Gives a frame back; frames the pool did not hand out (still pictures) are ignored. */
  release(frame: YuvImage): void {
    if (this.owned.has(frame) && !this.free.includes(frame)) this.free.push(frame);
  }
}

/** A layer that covers the frame unchanged: opaque, not moved, zoomed or clipped. */
const isPlainLayer = (layer: TransitionLayer) => layer.opacity >= 1 && layer.translateX === 0 && layer.scale === 1 && layer.clipRight === undefined;

/** One frame of a prepared clip (0 ≤ frame < clip.frames). The result must not be modified. */
function clipFrame(clip: PreparedClip, frame: number, pool: FramePool, clipKernels: ClipKernels): YuvImage {
  if (clip.kind === "still") return clip.picture;
  const out = pool.acquire();
  clipKernels.resample({ picture: clip.picture, target: out, window: kenBurnsAt(clip.motion, frame, clip.frames) });
  return out;
}

/**
 * Yields every frame of the timeline in order. A frame may be a clip's
 * still picture (the same object for every frame of the clip) or a pool
 * frame; hand each back with `pool.release` once it has been written.
 */
export async function* generateStoryFrames(input: {
  timeline: Timeline;
  photos: string[];
  pool: FramePool;
  resources: RenderResources;
  signal?: AbortSignal;
  /** Prepares a clip; tests may wrap it. */
  prepare?: typeof prepareClip;
}): AsyncGenerator<YuvImage> {
  const { timeline, photos, pool, resources } = input;
  const prepare = input.prepare ?? prepareClip;
  // This render's kernels for its Ken Burns clips (one clip prepared ahead: two at a time).
  const clipKernels = new ClipKernels(resources.kernels);
  const prepared = new Map<number, Promise<PreparedClip>>();
  // One clip is prepared at a time, in order: the first frame's photo does
  // not share the cores with the next ones' while the encoder waits for it.
  let previous: Promise<unknown> = Promise.resolve();
  const ensure = (index: number) => {
    if (index >= timeline.clips.length || prepared.has(index)) return;
    const promise = previous
      .catch(() => undefined)
      .then(() => prepare({ clip: timeline.clips[index], photos, size: timeline.size, clipKernels, resources }))
      .then((clip) => {
        // The decoder's and the caption's garbage collected, then the pages
        // malloc kept for it handed back (render/release-memory.ts).
        resources.collectClipGarbage();
        resources.releaseFreeMemory();
        return clip;
      });
    previous = promise;
    // A clip prepared ahead may fail before it is awaited; it is awaited (and its error thrown) in turn.
    promise.catch(() => undefined);
    prepared.set(index, promise);
  };

  try {
    for (let frame = 0; frame < timeline.totalFrames; frame += 1) {
      input.signal?.throwIfAborted();
      const at = frameAt(timeline, frame);
      const index = at.clip.index;
      for (let ahead = 0; ahead <= PREPARE_AHEAD; ahead += 1) ensure(index + ahead);
      for (const done of prepared.keys()) if (done < index) prepared.delete(done);
      const clip = await prepared.get(index)!;
      if (!at.transition) {
        yield clipFrame(clip, at.clipFrame, pool, clipKernels);
        continue;
      }
      const next = await prepared.get(index + 1)!;
      const { span, progress, nextFrame } = at.transition;
      const outgoing = clipFrame(clip, at.clipFrame, pool, clipKernels);
      const incoming = clipFrame(next, nextFrame, pool, clipKernels);
      const layers = transitionLayers(span.style, progress);
      const [bottom, top] = layers;
      if (pool.owns(outgoing) && bottom.clip === "outgoing" && top.clip === "incoming" && isPlainLayer(bottom)) {
        // Crossfade or wipe from a Ken Burns frame: the outgoing frame already
        // is the bottom layer, so the top one is drawn straight onto it, one
        // frame buffer fewer (3 MB at 1080p).
        drawLayer(resources.kernels, outgoing, incoming, top);
        pool.release(incoming);
        yield outgoing;
        continue;
      }
      const out = pool.acquire();
      drawLayers(resources.kernels, out, layers, (layer) => (layer.clip === "outgoing" ? outgoing : incoming));
      pool.release(outgoing);
      pool.release(incoming);
      yield out;
    }
  } finally {
    clipKernels.release();
  }
}
