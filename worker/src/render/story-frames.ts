import {
  KEN_BURNS_ZOOM,
  frameAt,
  kenBurnsAt,
  transitionLayers,
  type FrameSize,
  type KenBurnsMotion,
  type Timeline,
  type TimelineSlide,
  type TransitionLayer,
} from "../../../lib/timeline";
import { blackFrame, ClipResamplers, compositeOverlay, drawLayer, drawLayers, type YuvOverlay } from "./compose";
import { renderCaptionOverlay, renderTitleOverlay } from "./draw-text";
import { prepareStill } from "./prepare-still";
import { releaseFreeMemory } from "./release-memory";
import { createYuv, yuvSize, type YuvImage } from "./yuv";

// Turns a timeline into its frames, in order, as yuv420p pictures. Every
// frame of the video is decided here, from lib/timeline (frameAt,
// kenBurnsAt, transitionLayers): the same functions the editor preview draws.
//
// Cost model: a clip without Ken Burns is one still, prepared once (photo
// decoded at reduced size, caption drawn in) and handed out unchanged for
// every frame it is on screen, so a still frame costs nothing (and is sent
// to ffmpeg twice: when it appears and on its last frame, render-story.ts).
// Only Ken Burns and transition frames are computed, by the
// WebAssembly SIMD kernels (resample-simd.ts: ~1.5 ms for a 1080p Ken Burns
// frame with its caption, so no worker threads are needed). Clips are prepared
// one ahead of the clip on screen (so photo decoding overlaps encoding) and
// dropped once shown, so memory does not grow with the story.

/** A clip ready to produce frames. */
export type PreparedClip = {
  /**
   * The clip's picture: frame-sized with its caption drawn in; or, with Ken
   * Burns, the photo alone, larger than the frame, which is converted
   * straight into the resampling kernel that draws it (ClipResamplers
   * pictureSpace and load), so here only its size remains (empty data)
   * unless the runtime has no kernel.
   */
  picture: YuvImage;
  kenBurns: KenBurnsMotion | null;
  /** Drawn over each Ken Burns frame, fixed in the frame while the photo moves. */
  overlay: YuvOverlay | null;
  frames: number;
};

type Collect = (options: { type: "minor" | "major" }) => void;

/** Buffer memory that may pile up as garbage between two major collections. */
export const BUFFER_GARBAGE_LIMIT = 8 << 20;

/**
 * Frees what preparing a clip left behind, with `gc` (the worker's Node runs
 * with --expose-gc: worker/src/runtime.ts; null without it: nothing is done).
 * The decoder's RGB output (~8 MB for a 1080p Ken Burns photo) and the
 * caption's pixels are garbage in buffers V8 hardly counts, so without this
 * they wait for a collection the JavaScript heap's own growth triggers, and
 * several pile up (heaptrack's malloc peak on a long story: 87 → 75 MB): a
 * minor collection, ~1 ms a clip. Buffers V8 allocates straight into the
 * old generation (a caption's arrays, ~2.6 MB a clip) survive it, so once
 * buffer memory (`buffers()`) has grown by BUFFER_GARBAGE_LIMIT since the
 * last major collection, a major one (~10 ms): without it, up to 21 MB of
 * dead captions were still held when a photo was decoded, and a long story
 * peaked up to 25 MB higher.
 */
export function clipGarbageCollector(
  gc: Collect | null = (globalThis as { gc?: Collect }).gc ?? null,
  buffers: () => number = () => process.memoryUsage().arrayBuffers,
): () => void {
  let buffersAfterMajor = 0;
  return () => {
    if (!gc) return;
    gc({ type: "minor" });
    if (buffers() <= buffersAfterMajor + BUFFER_GARBAGE_LIMIT) return;
    gc({ type: "major" });
    buffersAfterMajor = buffers();
  };
}

const collectClipGarbage = clipGarbageCollector();

/**
 * How many clips are prepared ahead of the one on screen: the next one,
 * decoded while this one plays (a photo takes ~0.1 s; a clip is on screen
 * for at least a second). Two ahead held one more picture and caption
 * (~6 MB at 1080p) for no speed.
 */
export const PREPARE_AHEAD = 1;

/** The size a Ken Burns photo is prepared at: the frame at the deepest zoom, so zooming in never enlarges it. */
export function kenBurnsPictureSize(size: FrameSize): FrameSize {
  const even = (n: number) => 2 * Math.ceil(n / 2);
  return { width: even(size.width * KEN_BURNS_ZOOM), height: even(size.height * KEN_BURNS_ZOOM) };
}

export async function prepareClip(input: {
  clip: TimelineSlide;
  photos: string[];
  size: FrameSize;
  /** The render's kernels: a Ken Burns clip's picture is loaded into one of them. */
  resamplers: ClipResamplers;
}): Promise<PreparedClip> {
  const { clip, photos, size } = input;
  if (clip.kind === "title") {
    const firstPhoto = photos[0];
    const picture = clip.assetId && firstPhoto ? await prepareStill({ photo: firstPhoto, fit: clip.fit, size }) : blackFrame(size.width, size.height);
    compositeOverlay(picture, renderTitleOverlay(clip.card, size));
    return { picture, kenBurns: null, overlay: null, frames: clip.frames };
  }
  const photo = photos[clip.slideIndex];
  if (!photo) throw new Error(`no photo for slide ${clip.slideIndex}`);
  const overlay = renderCaptionOverlay(clip.caption, clip.captionStyle, size);
  if (clip.kenBurns) {
    const pictureSize = kenBurnsPictureSize(size);
    const prepared: PreparedClip = { picture: { ...pictureSize, data: Buffer.alloc(0) }, kenBurns: clip.kenBurns, overlay, frames: clip.frames };
    // Converted straight into the kernel that will draw its frames (keyed by
    // the clip, as clipFrame asks for it), so no 4 MB copy (1080p) is made
    // and left for the garbage collector; the clip keeps only the size.
    const into = () => input.resamplers.pictureSpace({ picture: pictureSize, frame: size, key: prepared });
    const picture = await prepareStill({ photo, fit: clip.fit, size: pictureSize, into });
    if (!input.resamplers.load({ source: picture, frame: size, key: prepared, overlay })) prepared.picture = picture;
    return prepared;
  }
  const picture = await prepareStill({ photo, fit: clip.fit, size });
  if (overlay) compositeOverlay(picture, overlay);
  return { picture, kenBurns: null, overlay: null, frames: clip.frames };
}

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
function clipFrame(clip: PreparedClip, frame: number, pool: FramePool, resamplers: ClipResamplers): YuvImage {
  if (!clip.kenBurns) return clip.picture;
  const out = pool.acquire();
  // The clip is the key: its picture and caption are copied into the kernel once, not per frame.
  resamplers.resample({ source: clip.picture, target: out, window: kenBurnsAt(clip.kenBurns, frame, clip.frames), key: clip, overlay: clip.overlay });
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
  signal?: AbortSignal;
  /** Prepares a clip; tests and the benchmark may wrap it. */
  prepare?: typeof prepareClip;
}): AsyncGenerator<YuvImage> {
  const { timeline, photos, pool } = input;
  const prepare = input.prepare ?? prepareClip;
  // This render's kernels for its Ken Burns clips (one clip prepared ahead: two at a time).
  const resamplers = new ClipResamplers();
  const prepared = new Map<number, Promise<PreparedClip>>();
  // One clip is prepared at a time, in order: the first frame's photo does
  // not share the cores with the next ones' while the encoder waits for it.
  let previous: Promise<unknown> = Promise.resolve();
  const ensure = (index: number) => {
    if (index >= timeline.slides.length || prepared.has(index)) return;
    const promise = previous
      .catch(() => undefined)
      .then(() => prepare({ clip: timeline.slides[index], photos, size: timeline.size, resamplers }))
      .then((clip) => {
        // The decoder's and the caption's garbage collected, then the pages
        // malloc kept for it handed back (render/release-memory.ts).
        collectClipGarbage();
        releaseFreeMemory();
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
        yield clipFrame(clip, at.clipFrame, pool, resamplers);
        continue;
      }
      const next = await prepared.get(index + 1)!;
      const { span, progress, nextFrame } = at.transition;
      const outgoing = clipFrame(clip, at.clipFrame, pool, resamplers);
      const incoming = clipFrame(next, nextFrame, pool, resamplers);
      const layers = transitionLayers(span.style, progress);
      const [bottom, top] = layers;
      if (pool.owns(outgoing) && bottom.clip === "outgoing" && top.clip === "incoming" && isPlainLayer(bottom)) {
        // Crossfade or wipe from a Ken Burns frame: the outgoing frame already
        // is the bottom layer, so the top one is drawn straight onto it, one
        // frame buffer fewer (3 MB at 1080p).
        drawLayer(outgoing, incoming, top);
        pool.release(incoming);
        yield outgoing;
        continue;
      }
      const out = pool.acquire();
      drawLayers(out, layers, (layer) => (layer.clip === "outgoing" ? outgoing : incoming));
      pool.release(outgoing);
      pool.release(incoming);
      yield out;
    }
  } finally {
    resamplers.release();
  }
}
