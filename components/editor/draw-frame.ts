import {
  BLUR_BRIGHTNESS,
  BLUR_FRAME_PX,
  drawCaption,
  drawTitleCard,
  frameAt,
  kenBurnsAt,
  transitionLayers,
  type FrameSize,
  type Timeline,
  type TimelineClip,
} from "@/lib/timeline";
import type { Fit } from "@/lib/contracts/story-spec";

// Draws one frame of a timeline on a frame-sized canvas, the way the
// renderer composes it: the photo fitted to the frame (cropped, or fitted
// over a blurred copy), the Ken Burns window, the caption on top (not
// zoomed), and during a transition the two clips as transitionLayers says.

/** Something drawable with known pixel size (an <img>, an ImageBitmap). */
export type PhotoSource = CanvasImageSource & { width: number; height: number };

type FittedCache = Map<string, HTMLCanvasElement>;
const MAX_FITTED = 8;

/** The photo as the frame shows it before any zoom: frame-sized, cached (the blur is costly). */
function getFitted(cache: FittedCache, key: string, photo: PhotoSource, fit: Fit, size: FrameSize): HTMLCanvasElement {
  const cacheKey = `${key}|${fit}|${size.width}x${size.height}`;
  const hit = cache.get(cacheKey);
  if (hit) {
    cache.delete(cacheKey);
    cache.set(cacheKey, hit);
    return hit;
  }
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, size.width, size.height);
  const cover = Math.max(size.width / photo.width, size.height / photo.height);
  if (fit === "blur") {
    ctx.save();
    // lib/timeline/blur-fit.ts: the renderer's blur and darkening.
    ctx.filter = `blur(${BLUR_FRAME_PX}px) brightness(${BLUR_BRIGHTNESS})`;
    // Overscan so the blur's soft edge stays outside the frame.
    const s = cover * 1.1;
    ctx.drawImage(photo, (size.width - photo.width * s) / 2, (size.height - photo.height * s) / 2, photo.width * s, photo.height * s);
    ctx.restore();
    const contain = Math.min(size.width / photo.width, size.height / photo.height);
    ctx.drawImage(photo, (size.width - photo.width * contain) / 2, (size.height - photo.height * contain) / 2, photo.width * contain, photo.height * contain);
  } else {
    ctx.drawImage(photo, (size.width - photo.width * cover) / 2, (size.height - photo.height * cover) / 2, photo.width * cover, photo.height * cover);
  }
  cache.set(cacheKey, canvas);
  while (cache.size > MAX_FITTED) cache.delete(cache.keys().next().value!);
  return canvas;
}

export type DrawFrameInput = {
  timeline: Timeline;
  frame: number;
  /** Photos by the timeline's assetId; a missing one draws as a dark frame (still loading). */
  photos: Map<string, PhotoSource>;
  cache: FittedCache;
};

export function createFittedCache(): FittedCache {
  return new Map();
}

function drawPhoto(ctx: CanvasRenderingContext2D, input: DrawFrameInput, clip: TimelineClip, clipFrame: number) {
  const { size } = input.timeline;
  const photo = clip.assetId ? input.photos.get(clip.assetId) : undefined;
  if (!photo || !clip.assetId) {
    ctx.fillStyle = "#292524";
    ctx.fillRect(0, 0, size.width, size.height);
    return;
  }
  const fitted = getFitted(input.cache, clip.assetId, photo, clip.fit, size);
  if (!clip.kenBurns) {
    ctx.drawImage(fitted, 0, 0);
    return;
  }
  // The frame shows a window 1/scale of the fitted photo centred at (x, y).
  const { scale, x, y } = kenBurnsAt(clip.kenBurns, clipFrame, clip.frames);
  ctx.save();
  ctx.translate(size.width / 2, size.height / 2);
  ctx.scale(scale, scale);
  ctx.translate(-x * size.width, -y * size.height);
  ctx.drawImage(fitted, 0, 0);
  ctx.restore();
}

function drawClip(ctx: CanvasRenderingContext2D, input: DrawFrameInput, clip: TimelineClip, clipFrame: number) {
  const { size } = input.timeline;
  if (clip.kind === "title") {
    if (clip.card.background === "photo") drawPhoto(ctx, input, clip, clipFrame);
    drawTitleCard(ctx, clip.card, size);
    return;
  }
  drawPhoto(ctx, input, clip, clipFrame);
  if (clip.caption) drawCaption(ctx, clip.caption, clip.captionStyle, size);
}

/** Draws `frame` of the timeline; the canvas must be timeline.size. */
export function drawFrame(ctx: CanvasRenderingContext2D, input: DrawFrameInput): void {
  const { timeline } = input;
  const { width, height } = timeline.size;
  ctx.save();
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, width, height);
  if (timeline.totalFrames === 0) {
    ctx.restore();
    return;
  }
  const at = frameAt(timeline, input.frame);
  if (!at.transition) {
    drawClip(ctx, input, at.clip, at.clipFrame);
    ctx.restore();
    return;
  }
  for (const layer of transitionLayers(at.transition.span.style, at.transition.progress)) {
    const isOutgoing = layer.clip === "outgoing";
    ctx.save();
    ctx.globalAlpha = layer.opacity;
    if (layer.clipRight !== undefined) {
      ctx.beginPath();
      ctx.rect(0, 0, layer.clipRight * width, height);
      ctx.clip();
    }
    ctx.translate(layer.translateX * width, 0);
    if (layer.scale !== 1) {
      ctx.translate(width / 2, height / 2);
      ctx.scale(layer.scale, layer.scale);
      ctx.translate(-width / 2, -height / 2);
    }
    if (isOutgoing) drawClip(ctx, input, at.clip, at.clipFrame);
    else drawClip(ctx, input, at.transition.next, at.transition.nextFrame);
    ctx.restore();
  }
  ctx.restore();
}

/** Every piece of text a timeline draws, to load its fonts before the first frame. */
export function timelineTexts(timeline: Timeline): string[] {
  const texts: string[] = [];
  for (const clip of timeline.clips) {
    if (clip.kind === "title") texts.push(clip.card.title, clip.card.subtitle ?? "");
    else if (clip.caption) texts.push(clip.caption);
  }
  return texts.filter((text) => text.trim());
}

/** "1:05.3": minutes, seconds and tenths. */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.round(ms / 100)) / 10;
  const minutes = Math.floor(total / 60);
  const seconds = total - minutes * 60;
  return `${minutes}:${seconds.toFixed(1).padStart(4, "0")}`;
}
