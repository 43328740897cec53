import {
  BLUR_BRIGHTNESS,
  BLUR_REDUCTION,
  BLUR_SIGMA,
  containRect,
  coverCrop,
  drawCaption,
  drawTitleCard,
  focusInPicture,
  frameAt,
  kenBurnsAt,
  kenBurnsMotionFor,
  kenBurnsPictureSize,
  layerPixels,
  rectInPixels,
  transitionLayers,
  windowRect,
  type FractionRect,
  type FrameSize,
  type Point as FocusPoint,
  type Timeline,
  type TimelineClip,
} from "@/lib/timeline";

// Draws one frame of a timeline on a frame-sized canvas, the way the
// renderer composes it: each clip is a frame-sized picture, the part of the
// photo lib/timeline/framing.ts says (the crop centred on the focus point, or
// the whole photo over a blurred copy, then the Ken Burns window), drawn into
// exactly the frame's rectangle, never beyond it; the caption on top (not
// zoomed); during a transition the two clip pictures placed as
// transitionLayers and layerPixels say.

/** Something drawable with known pixel size (an <img>, an ImageBitmap). */
export type PhotoSource = CanvasImageSource & { width: number; height: number };

type FittedCache = Map<string, HTMLCanvasElement>;
const MAX_FITTED = 8;

const WHOLE: FractionRect = { x: 0, y: 0, width: 1, height: 1 };

/**
 * The clip's fitted picture before any zoom, as the renderer prepares it
 * (prepare-still.ts): the crop at the focus point, or the whole photo over a
 * blurred copy; frame-sized, or for Ken Burns kenBurnsPictureSize. Cached
 * (a large photo is scaled once, and the blur is costly).
 */
function getFitted(cache: FittedCache, key: string, photo: PhotoSource, clip: TimelineClip, size: FrameSize): HTMLCanvasElement {
  const { fit, focus } = clip;
  const cacheKey = `${key}|${fit}|${focus.x},${focus.y}|${size.width}x${size.height}`;
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
  ctx.imageSmoothingQuality = "high";
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, size.width, size.height);
  const photoSize = { width: photo.width, height: photo.height };
  if (fit === "blur") {
    ctx.drawImage(blurredBackground(photo, focus, size), 0, 0, size.width, size.height);
    const inset = rectInPixels(containRect(photoSize, size), size);
    ctx.drawImage(photo, Math.floor(inset.x), Math.floor(inset.y), inset.width, inset.height);
  } else {
    const crop = rectInPixels(coverCrop(photoSize, size, focus), photoSize);
    ctx.drawImage(photo, crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height);
  }
  cache.set(cacheKey, canvas);
  while (cache.size > MAX_FITTED) cache.delete(cache.keys().next().value!);
  return canvas;
}

/**
 * The "blur" fit's background as the renderer makes it (prepare-still.ts,
 * lib/timeline/blur-fit.ts): the crop at the focus point shrunk
 * BLUR_REDUCTION times, blurred by BLUR_SIGMA with its edges repeated (a
 * canvas blur would fade them to transparent), darkened; the caller
 * enlarges it to the frame.
 */
function blurredBackground(photo: PhotoSource, focus: FocusPoint, size: FrameSize): HTMLCanvasElement {
  const small = { width: Math.ceil(size.width / BLUR_REDUCTION), height: Math.ceil(size.height / BLUR_REDUCTION) };
  const crop = rectInPixels(coverCrop({ width: photo.width, height: photo.height }, small, focus), { width: photo.width, height: photo.height });
  const pad = Math.ceil(3 * BLUR_SIGMA);
  const padded = document.createElement("canvas");
  padded.width = small.width + 2 * pad;
  padded.height = small.height + 2 * pad;
  const p = padded.getContext("2d")!;
  p.imageSmoothingQuality = "high";
  p.drawImage(photo, crop.x, crop.y, crop.width, crop.height, pad, pad, small.width, small.height);
  const { width: w, height: h } = small;
  // The edge rows and columns stretched outwards, then the corners.
  p.drawImage(padded, pad, pad, 1, h, 0, pad, pad, h);
  p.drawImage(padded, pad + w - 1, pad, 1, h, pad + w, pad, pad, h);
  p.drawImage(padded, 0, pad, padded.width, 1, 0, 0, padded.width, pad);
  p.drawImage(padded, 0, pad + h - 1, padded.width, 1, 0, pad + h, padded.width, pad);
  const out = document.createElement("canvas");
  out.width = w;
  out.height = h;
  const o = out.getContext("2d")!;
  o.filter = `blur(${BLUR_SIGMA}px) brightness(${BLUR_BRIGHTNESS})`;
  o.drawImage(padded, -pad, -pad);
  return out;
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

/**
 * The clip's picture at a frame, as the renderer makes it (prepare-still.ts,
 * then the Ken Burns window): a rectangle of a source drawn onto the whole
 * frame rectangle, so nothing of the photo outside the frame can show (a
 * transition moves this frame-sized picture, as the renderer moves its frame).
 */
function drawPhoto(ctx: CanvasRenderingContext2D, input: DrawFrameInput, clip: TimelineClip, clipFrame: number) {
  const { size } = input.timeline;
  const photo = clip.assetId ? input.photos.get(clip.assetId) : undefined;
  if (!photo || !clip.assetId) {
    ctx.fillStyle = "#292524";
    ctx.fillRect(0, 0, size.width, size.height);
    return;
  }
  const motion = clip.kenBurns
    ? kenBurnsMotionFor(clip.kenBurns, focusInPicture({ photo: { width: photo.width, height: photo.height }, frame: size, fit: clip.fit, focus: clip.focus }))
    : null;
  const pictureSize = motion ? kenBurnsPictureSize(size) : size;
  const fitted = getFitted(input.cache, clip.assetId, photo, clip, pictureSize);
  // The part of the fitted picture the frame shows: all of it, or the Ken Burns window.
  const from = rectInPixels(motion ? windowRect(kenBurnsAt(motion, clipFrame, clip.frames)) : WHOLE, pictureSize);
  ctx.drawImage(fitted, from.x, from.y, from.width, from.height, 0, 0, size.width, size.height);
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
    // The same whole pixels the renderer copies at.
    const { shift, right } = layerPixels(layer, width);
    ctx.save();
    ctx.globalAlpha = layer.opacity;
    if (right < width) {
      ctx.beginPath();
      ctx.rect(0, 0, right, height);
      ctx.clip();
    }
    ctx.translate(shift, 0);
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
