import type { Timeline } from "../../../lib/timeline";

// Pure builders of ffmpeg argument arrays: no shell, no string
// concatenation of user text (captions are pixels in the stills by now).

export type EncoderSettings = {
  preset: string;
  crf: number;
};

export const DEFAULT_ENCODER: EncoderSettings = { preset: "veryfast", crf: 23 };

/** One still per slide: a raw RGB frame of exactly the output size. */
export type StillInput = { file: string };

const seconds = (frames: number, fps: number) => Number((frames / fps).toFixed(6)).toString();

/**
 * The filter graph: each still is decoded once and repeated by `loop` for
 * its frame count, then joined by xfade (crossfade) or concat (no
 * transition). Offsets come from the shared timeline, in whole frames.
 */
export function buildFilterGraph(timeline: Timeline): string {
  const { fps, slides, transitions } = timeline;
  const parts = slides.map(
    (slide, i) => `[${i}:v]format=yuv420p,loop=loop=${slide.frames - 1}:size=1:start=0,setpts=N/${fps}/TB[s${i}]`,
  );
  if (slides.length === 1) {
    parts.push("[s0]null[out]");
  } else if (transitions.length === 0) {
    parts.push(`${slides.map((_, i) => `[s${i}]`).join("")}concat=n=${slides.length}:v=1:a=0[out]`);
  } else {
    let previous = "s0";
    transitions.forEach((transition, t) => {
      const next = slides[t + 1];
      const label = t === transitions.length - 1 ? "out" : `x${t + 1}`;
      parts.push(
        `[${previous}][s${t + 1}]xfade=transition=fade:duration=${seconds(transition.frames, fps)}:offset=${seconds(next.startFrame, fps)}[${label}]`,
      );
      previous = label;
    });
  }
  return parts.join(";");
}

export function buildRenderArgs(input: {
  timeline: Timeline;
  stills: StillInput[];
  output: string;
  encoder?: EncoderSettings;
}): string[] {
  const { timeline, stills, output } = input;
  const encoder = input.encoder ?? DEFAULT_ENCODER;
  if (stills.length !== timeline.slides.length) throw new Error("one still per slide is required");
  const { width, height } = timeline.size;
  const inputs = stills.flatMap((still) => [
    "-f", "rawvideo",
    "-pix_fmt", "rgb24",
    "-s", `${width}x${height}`,
    "-framerate", String(timeline.fps),
    "-i", still.file,
  ]);
  return [
    "-hide_banner", "-nostdin", "-y",
    "-loglevel", "error",
    "-progress", "pipe:1", "-nostats",
    ...inputs,
    "-filter_complex", buildFilterGraph(timeline),
    "-map", "[out]",
    "-frames:v", String(timeline.totalFrames),
    "-c:v", "libx264",
    "-preset", encoder.preset,
    "-crf", String(encoder.crf),
    "-profile:v", "high",
    "-pix_fmt", "yuv420p",
    "-r", String(timeline.fps),
    "-fps_mode", "cfr",
    "-movflags", "+faststart",
    "-an",
    output,
  ];
}

/** Parses `-progress` output; returns the latest frame count seen, if any. */
export function parseProgressFrame(chunk: string): number | null {
  let frame: number | null = null;
  for (const line of chunk.split("\n")) {
    const match = /^frame=(\d+)/.exec(line.trim());
    if (match) frame = Number(match[1]);
  }
  return frame;
}
