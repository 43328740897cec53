// The benchmark's yardstick (scripts/bench.ts): the renderer's exact frames,
// every one of them, written raw to a file beforehand, then encoded by
// ffmpeg with the renderer's very x264 arguments and nothing else. Lives
// here, not in the worker: production never writes raw frames.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Timeline } from "../../lib/timeline";
import { buildVideoEncoderArgs, DEFAULT_ENCODER, type EncoderSettings } from "../../worker/src/ffmpeg/build-render-args";
import { createRenderResources } from "../../worker/src/render/render-resources";
import { FramePool, generateStoryFrames } from "../../worker/src/render/story-frames";

/** Raw yuv420p frames of the timeline's size and rate, every frame, from `source`. */
export function buildRawVideoInputArgs(timeline: Pick<Timeline, "size" | "fps">, source: string): string[] {
  return ["-protocol_whitelist", "file,pipe", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", `${timeline.size.width}x${timeline.size.height}`, "-framerate", String(timeline.fps), "-i", source];
}

/**
 * The encoder floor's ffmpeg arguments: every frame read raw from `source`,
 * encoded with the renderer's video arguments (buildVideoEncoderArgs), no
 * filter, no audio.
 */
export function buildEncoderFloorArgs(input: { timeline: Pick<Timeline, "size" | "fps">; source: string; output: string; encoder?: EncoderSettings }): string[] {
  const { timeline } = input;
  return [
    "-hide_banner", "-nostdin", "-y",
    "-loglevel", "error",
    "-progress", "pipe:1", "-nostats",
    ...buildRawVideoInputArgs(timeline, input.source),
    "-map", "0:v:0",
    ...buildVideoEncoderArgs(input.encoder ?? DEFAULT_ENCODER, timeline.fps),
    "-an",
    "-movflags", "+faststart",
    input.output,
  ];
}

/** Writes every frame the renderer computes for `timeline` (the bytes it pipes to ffmpeg) to `file`, raw. */
export async function writeRawFrames(input: { timeline: Timeline; photos: string[]; file: string }): Promise<void> {
  const { timeline, photos } = input;
  const out = createWriteStream(input.file, { highWaterMark: 8 << 20 });
  const pool = new FramePool(timeline.size);
  for await (const frame of generateStoryFrames({ timeline, photos, pool, resources: createRenderResources() })) {
    // The pool's frame is reused once written.
    if (!out.write(frame.data, () => pool.release(frame))) await once(out, "drain");
  }
  out.end();
  await finished(out);
}
