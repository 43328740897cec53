import path from "node:path";
import type { StorySpec } from "../../../lib/contracts/story-spec";
import { computeTimeline, type Timeline } from "../../../lib/timeline";
import { buildRenderArgs, type EncoderSettings } from "../ffmpeg/build-render-args";
import { runFfmpeg } from "../ffmpeg/run-ffmpeg";
import { prepareStill, writePoster } from "./prepare-still";

export type RenderResult = { video: string; poster: string; timeline: Timeline };

// Share of the progress bar spent preparing stills; the rest is encoding.
const PREPARE_SHARE = 0.15;

/**
 * Renders a story from local photo files into `workDir`. Knows nothing of
 * S3, SQS or Postgres, so tests can drive it directly.
 */
export async function renderStory(input: {
  spec: StorySpec;
  /** Local file of each slide's photo, in slide order. */
  photos: string[];
  workDir: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  encoder?: EncoderSettings;
}): Promise<RenderResult> {
  const { spec, photos, workDir, signal } = input;
  const timeline = computeTimeline(spec);
  const stills: { file: string }[] = [];
  for (const [index, slide] of spec.slides.entries()) {
    signal?.throwIfAborted();
    const file = path.join(workDir, `still-${index}.rgb`);
    await prepareStill({ photo: photos[index], caption: slide.caption, size: timeline.size, output: file });
    stills.push({ file });
    input.onProgress?.((PREPARE_SHARE * (index + 1)) / spec.slides.length);
  }

  const video = path.join(workDir, "video.mp4");
  const poster = path.join(workDir, "poster.jpg");
  await writePoster({ still: stills[0].file, size: timeline.size, output: poster });
  await runFfmpeg(buildRenderArgs({ timeline, stills, output: video, encoder: input.encoder }), {
    signal,
    onFrame: (frame) => input.onProgress?.(PREPARE_SHARE + (1 - PREPARE_SHARE) * Math.min(1, frame / timeline.totalFrames)),
  });
  return { video, poster, timeline };
}
