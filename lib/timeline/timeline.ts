import type { AspectRatio, Resolution, StorySpec, Transition } from "../contracts/story-spec";

// The single source of timing for the editor preview and the renderer. All
// times are whole frames at FPS so the preview, the ffmpeg graph and the
// finished file agree to the frame.

export const FPS = 30;
export const TRANSITION_MS = 500;

export type FrameSize = { width: number; height: number };

export type TimelineSlide = {
  index: number;
  assetId: string;
  caption?: string;
  /** Frames the slide is on screen, transitions included. */
  frames: number;
  startFrame: number;
  endFrame: number;
};

export type TransitionSpan = {
  /** The transition from slide `index` to slide `index + 1`. */
  index: number;
  style: Exclude<Transition, "none">;
  startFrame: number;
  frames: number;
};

export type Timeline = {
  fps: number;
  size: FrameSize;
  slides: TimelineSlide[];
  transitions: TransitionSpan[];
  transitionFrames: number;
  totalFrames: number;
  durationMs: number;
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

/**
 * Lays slides end to end; each transition overlaps the end of one slide with
 * the start of the next, so the total is the sum of slide frames minus one
 * transition per joint. A transition never takes more than half the shorter
 * of its two slides.
 */
export function computeTimeline(spec: Pick<StorySpec, "slides" | "transition" | "aspectRatio" | "resolution">): Timeline {
  const slideFrames = spec.slides.map((slide) => Math.max(1, msToFrames(slide.durationMs)));
  const shortest = Math.min(...slideFrames);
  const transitionFrames =
    spec.transition === "none" || spec.slides.length < 2
      ? 0
      : Math.min(msToFrames(TRANSITION_MS), Math.floor(shortest / 2));

  const slides: TimelineSlide[] = [];
  const transitions: TransitionSpan[] = [];
  let cursor = 0;
  spec.slides.forEach((slide, index) => {
    const frames = slideFrames[index];
    slides.push({
      index,
      assetId: slide.assetId,
      caption: slide.caption,
      frames,
      startFrame: cursor,
      endFrame: cursor + frames,
    });
    if (index < spec.slides.length - 1 && transitionFrames > 0 && spec.transition !== "none") {
      transitions.push({
        index,
        style: spec.transition,
        startFrame: cursor + frames - transitionFrames,
        frames: transitionFrames,
      });
    }
    cursor += frames - (index < spec.slides.length - 1 ? transitionFrames : 0);
  });

  return {
    fps: FPS,
    size: getFrameSize(spec.aspectRatio, spec.resolution),
    slides,
    transitions,
    transitionFrames,
    totalFrames: cursor,
    durationMs: framesToMs(cursor),
  };
}

/** The first slide on screen at a frame (during a transition, the outgoing one). */
export function findSlideAt(timeline: Timeline, frame: number): TimelineSlide | undefined {
  return timeline.slides.find((slide) => frame >= slide.startFrame && frame < slide.endFrame);
}
