import {
  DEFAULT_CAPTION_STYLE,
  type AspectRatio,
  type CaptionStyle,
  type Fit,
  type Focus,
  type KenBurnsDirection,
  type Resolution,
  type Slide,
  type StorySpec,
  type TitleCard,
  type Transition,
} from "../contracts/story-spec";
import { CENTRE, isCentred, keepWindowInside, windowRoom, type Point } from "./framing";

// The single source of timing for the editor preview and the renderer. All
// times are whole frames at FPS so the preview, the renderer's frames and
// the finished file agree to the frame. Pure: the same spec always gives the
// same timeline.

export const FPS = 30;
export const TRANSITION_MS = 500;
/** Music fades out over the last MUSIC_FADE_OUT_MS (at most half the video). */
export const MUSIC_FADE_OUT_MS = 2000;
/** Ken Burns zooms between 1 and KEN_BURNS_ZOOM over the slide. */
export const KEN_BURNS_ZOOM = 1.15;

export type FrameSize = { width: number; height: number };

/**
 * The size a Ken Burns clip's fitted picture is made at (the renderer's
 * prepared picture, the preview's fitted canvas): the frame at the deepest
 * zoom, so zooming in never enlarges it; even, for yuv420p.
 */
export function kenBurnsPictureSize(size: FrameSize): FrameSize {
  const even = (n: number) => 2 * Math.ceil(n / 2);
  return { width: even(size.width * KEN_BURNS_ZOOM), height: even(size.height * KEN_BURNS_ZOOM) };
}

/**
 * A slow zoom and pan: the frame shows a window of the photo (as fitted to
 * the frame) `1/scale` of its size, centred at (x, y) in fractions of the
 * frame, moving linearly from `from` to `to` over the slide.
 */
export type KenBurnsMotion = {
  from: { scale: number; x: number; y: number };
  to: { scale: number; x: number; y: number };
};

/**
 * A clip's slow zoom as the spec asks for it. The window it follows
 * (kenBurnsMotionFor) aims at the focus point, whose place in the fitted
 * picture depends on the photo's shape (framing.ts focusInPicture): the
 * preview and the renderer each work it out once they know the photo.
 */
export type KenBurnsPlan = {
  direction: KenBurnsDirection;
  /** The slide's place in the story: "auto" zooms in and out by turns. */
  turn: number;
};

type ClipBase = {
  /** Position in the timeline (the title card, when there is one, is 0). */
  index: number;
  /** Frames the clip is on screen, transitions included. */
  frames: number;
  startFrame: number;
  endFrame: number;
  kenBurns: KenBurnsPlan | null;
  /** The point of the photo to keep in view (framing.ts: cover crops centre on it). */
  focus: Focus;
};

export type PhotoClip = ClipBase & {
  kind: "photo";
  /** Index in spec.slides. */
  slideIndex: number;
  assetId: string;
  caption?: string;
  captionStyle: CaptionStyle;
  fit: Fit;
};

export type TitleClip = ClipBase & {
  kind: "title";
  card: TitleCard;
  /** The photo behind the title (the first slide's), when the card asks for one. */
  assetId?: string;
  fit: Fit;
};

/** One clip of the timeline: a photo slide or the title card. */
export type TimelineClip = PhotoClip | TitleClip;

export type TransitionSpan = {
  /** The transition from clip `index` to clip `index + 1`. */
  index: number;
  style: Exclude<Transition, "none">;
  startFrame: number;
  frames: number;
};

export type MusicPlan = {
  assetId: string;
  /** Where in the song the video's start is (ms). */
  startMs: number;
  /** The music plays from 0 to durationMs (video time) and fades to silence from fadeOutStartMs. */
  fadeOutStartMs: number;
  fadeOutMs: number;
};

export type Timeline = {
  fps: number;
  size: FrameSize;
  /** Every clip in order: the title card (if any) first, then one per slide. */
  clips: TimelineClip[];
  transitions: TransitionSpan[];
  transitionFrames: number;
  totalFrames: number;
  durationMs: number;
  music: MusicPlan | null;
};

/** What the timeline reads from a spec; slide options may be left out (defaults apply). */
export type TimelineSpec = Pick<StorySpec, "aspectRatio" | "resolution" | "transition"> & {
  titleCard?: TitleCard;
  music?: { assetId: string; startMs?: number };
  slides: Array<Pick<Slide, "assetId" | "durationMs"> & Partial<Omit<Slide, "assetId" | "durationMs">>>;
};

export function msToFrames(ms: number, fps = FPS): number {
  return Math.round((ms * fps) / 1000);
}

export function framesToMs(frames: number, fps = FPS): number {
  return Math.round((frames * 1000) / fps);
}

/** The short side is the resolution: 16:9 at 720p is 1280×720. */
export function getFrameSize(aspectRatio: AspectRatio, resolution: Resolution): FrameSize {
  const short = resolution === "1080p" ? 1080 : 720;
  const long = Math.round((short * 16) / 9);
  switch (aspectRatio) {
    case "16:9":
      return { width: long, height: short };
    case "9:16":
      return { width: short, height: long };
    case "1:1":
      return { width: short, height: short };
  }
}

// With the focus point in the middle, "auto" takes four motions in turn by
// slide index, so consecutive slides move differently: zoom in towards upper
// left, zoom out from lower right, zoom in towards lower right, zoom out from
// upper left (what every Ken Burns slide did before focus points existed).
const AUTO_AIMS: ((z: number) => Point)[] = [
  (z) => ({ x: 0.5 - windowRoom(z) * 0.6, y: 0.5 - windowRoom(z) * 0.6 }),
  (z) => ({ x: 0.5 + windowRoom(z) * 0.6, y: 0.5 + windowRoom(z) * 0.6 }),
  (z) => ({ x: 0.5 + windowRoom(z) * 0.6, y: 0.5 + windowRoom(z) * 0.6 }),
  (z) => ({ x: 0.5 - windowRoom(z) * 0.6, y: 0.5 - windowRoom(z) * 0.6 }),
];

/**
 * The Ken Burns motion of a clip, given where its focus point lands in the
 * fitted picture (framing.ts focusInPicture; the middle by default):
 * - in: from the whole picture to KEN_BURNS_ZOOM centred on the focus
 * - out: the reverse
 * - pan: at KEN_BURNS_ZOOM, across the picture from side to side, ending on
 *   the focus's side (left to right when the focus is in the middle)
 * - auto: in, out, in, out… by slide; with the focus in the middle, the four
 *   motions of AUTO_AIMS.
 * The window never leaves the picture (keepWindowInside).
 */
export function kenBurnsMotionFor(plan: KenBurnsPlan, focus: Point = CENTRE): KenBurnsMotion {
  const z = KEN_BURNS_ZOOM;
  const direction = plan.direction === "auto" ? (plan.turn % 2 === 0 ? "in" : "out") : plan.direction;
  if (direction === "pan") {
    const room = windowRoom(z);
    const y = keepWindowInside(focus, z).y;
    const [fromX, toX] = focus.x < 0.5 ? [0.5 + room, 0.5 - room] : [0.5 - room, 0.5 + room];
    return { from: { scale: z, x: fromX, y }, to: { scale: z, x: toX, y } };
  }
  const aim = plan.direction === "auto" && isCentred(focus) ? AUTO_AIMS[plan.turn % AUTO_AIMS.length](z) : keepWindowInside(focus, z);
  const whole = { scale: 1, x: 0.5, y: 0.5 };
  const close = { scale: z, x: aim.x, y: aim.y };
  return direction === "in" ? { from: whole, to: close } : { from: close, to: whole };
}

/** The motion of a slide at `slideIndex` with the default direction and focus. */
export function kenBurnsMotion(slideIndex: number): KenBurnsMotion {
  return kenBurnsMotionFor({ direction: "auto", turn: slideIndex });
}

/**
 * The Ken Burns window at a frame of the clip (0 ≤ frame < frames): linear
 * in time, so the motion is steady; fractional, so the renderer must sample
 * sub-pixel positions (no stair-stepping).
 */
export function kenBurnsAt(motion: KenBurnsMotion, frame: number, frames: number): { scale: number; x: number; y: number } {
  const t = frames <= 1 ? 0 : Math.min(1, Math.max(0, frame / (frames - 1)));
  const lerp = (a: number, b: number) => a + (b - a) * t;
  return { scale: lerp(motion.from.scale, motion.to.scale), x: lerp(motion.from.x, motion.to.x), y: lerp(motion.from.y, motion.to.y) };
}

/**
 * How far a transition has gone at its k-th frame (0 ≤ k < frames): k/frames,
 * so the first frame is still all outgoing clip and the incoming clip is
 * fully on screen on the frame after the transition.
 */
export function transitionProgress(k: number, frames: number): number {
  return frames <= 0 ? 1 : Math.min(1, Math.max(0, k / frames));
}

/**
 * Lays clips end to end: the title card (if any), then the slides. Each
 * transition overlaps the end of one clip with the start of the next, so the
 * total is the sum of clip frames minus one transition per joint. A
 * transition never takes more than half the shorter of its two clips.
 */
export function computeTimeline(spec: TimelineSpec): Timeline {
  const clips: Array<Omit<PhotoClip, "startFrame" | "endFrame" | "index"> | Omit<TitleClip, "startFrame" | "endFrame" | "index">> = [];
  if (spec.titleCard) {
    const frames = Math.max(1, msToFrames(spec.titleCard.durationMs));
    clips.push({
      kind: "title",
      card: spec.titleCard,
      assetId: spec.titleCard.background === "photo" ? spec.slides[0]?.assetId : undefined,
      fit: spec.slides[0]?.fit ?? "cover",
      focus: spec.slides[0]?.focus ?? { ...CENTRE },
      frames,
      kenBurns: null,
    });
  }
  spec.slides.forEach((slide, slideIndex) => {
    clips.push({
      kind: "photo",
      slideIndex,
      assetId: slide.assetId,
      caption: slide.caption,
      captionStyle: { ...DEFAULT_CAPTION_STYLE, ...slide.captionStyle },
      fit: slide.fit ?? "cover",
      frames: Math.max(1, msToFrames(slide.durationMs)),
      kenBurns: slide.kenBurns ? { direction: slide.kenBurnsDirection ?? "auto", turn: slideIndex } : null,
      focus: slide.focus ?? { ...CENTRE },
    });
  });

  const shortest = Math.min(...clips.map((clip) => clip.frames));
  const transitionFrames =
    spec.transition === "none" || clips.length < 2 ? 0 : Math.min(msToFrames(TRANSITION_MS), Math.floor(shortest / 2));

  const placed: TimelineClip[] = [];
  const transitions: TransitionSpan[] = [];
  let cursor = 0;
  clips.forEach((clip, index) => {
    placed.push({ ...clip, index, startFrame: cursor, endFrame: cursor + clip.frames } as TimelineClip);
    const isLast = index === clips.length - 1;
    if (!isLast && transitionFrames > 0 && spec.transition !== "none") {
      transitions.push({ index, style: spec.transition, startFrame: cursor + clip.frames - transitionFrames, frames: transitionFrames });
    }
    cursor += clip.frames - (isLast ? 0 : transitionFrames);
  });

  const durationMs = framesToMs(cursor);
  const fadeOutMs = Math.min(MUSIC_FADE_OUT_MS, Math.floor(durationMs / 2));
  return {
    fps: FPS,
    size: getFrameSize(spec.aspectRatio, spec.resolution),
    clips: placed,
    transitions,
    transitionFrames,
    totalFrames: cursor,
    durationMs,
    music: spec.music ? { assetId: spec.music.assetId, startMs: spec.music.startMs ?? 0, fadeOutStartMs: durationMs - fadeOutMs, fadeOutMs } : null,
  };
}

/** The music's volume (0..1) at a time: 1, then a linear fade to 0 at the end. */
export function musicGainAt(music: MusicPlan, ms: number): number {
  if (ms <= music.fadeOutStartMs) return 1;
  if (music.fadeOutMs <= 0) return 0;
  return Math.max(0, 1 - (ms - music.fadeOutStartMs) / music.fadeOutMs);
}

/** The first clip on screen at a frame (during a transition, the outgoing one). */
export function findClipAt(timeline: Timeline, frame: number): TimelineClip | undefined {
  return timeline.clips.find((clip) => frame >= clip.startFrame && frame < clip.endFrame);
}

/**
 * What is on screen at a frame: one clip, or two clips and the progress of
 * the transition between them. The preview draws exactly this.
 */
export function frameAt(
  timeline: Timeline,
  frame: number,
):
  | { clip: TimelineClip; clipFrame: number; transition?: undefined }
  | { clip: TimelineClip; clipFrame: number; transition: { span: TransitionSpan; next: TimelineClip; nextFrame: number; progress: number } } {
  const clamped = Math.min(Math.max(0, Math.floor(frame)), Math.max(0, timeline.totalFrames - 1));
  const span = timeline.transitions.find((t) => clamped >= t.startFrame && clamped < t.startFrame + t.frames);
  if (span) {
    const clip = timeline.clips[span.index];
    const next = timeline.clips[span.index + 1];
    return {
      clip,
      clipFrame: clamped - clip.startFrame,
      transition: { span, next, nextFrame: clamped - next.startFrame, progress: transitionProgress(clamped - span.startFrame, span.frames) },
    };
  }
  // Outside transitions clips do not overlap: the last clip starting at or before the frame.
  const clip = [...timeline.clips].reverse().find((s) => s.startFrame <= clamped) ?? timeline.clips[0];
  return { clip, clipFrame: clamped - clip.startFrame };
}
