import path from "node:path";
import type { Writable } from "node:stream";
import type { StorySpec } from "../../../lib/contracts/story-spec";
import type { AudioContentType } from "../../../lib/contracts/upload";
import { computeTimeline, frameAt, type Timeline } from "../../../lib/timeline";
import { buildMusicCheckArgs, buildRenderArgs, parseProgressOutTimeMs, seconds, type EncoderSettings } from "../ffmpeg/build-render-args";
import { runFfmpeg } from "../ffmpeg/run-ffmpeg";
import { writePoster } from "./prepare-still";
import { frameTimestampMs, mkvFrameHeader, mkvHeader } from "./mkv";
import type { prepareClip } from "./prepare-clip";
import { createRenderResources, type RenderResources } from "./render-resources";
import { FramePool, generateStoryFrames } from "./story-frames";
import { yuvSize, type YuvImage } from "./yuv";

export type RenderResult = { video: string; poster: string; timeline: Timeline };

/** Music that ffmpeg cannot decode: a permanent failure, retrying will not help. */
export class UnreadableMusicError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnreadableMusicError";
  }
}

/** The story's music starts after the end of the song: a permanent failure the customer can fix (an earlier start). */
export class MusicStartPastEndError extends Error {
  constructor(readonly startMs: number) {
    super(`the song ends before music.startMs ${startMs}`);
    this.name = "MusicStartPastEndError";
  }
}

/**
 * Writes one frame and waits until the pipe can take more (backpressure:
 * frames are produced no faster than ffmpeg encodes them). `onWritten` runs
 * once the bytes are handed to the pipe, so the buffer can be reused.
 */
function writeFrame(stdin: Writable, data: Buffer, onWritten: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stdin.destroyed || stdin.writableEnded) return reject(new Error("ffmpeg stopped reading frames"));
    const isReady = stdin.write(data, () => onWritten());
    if (isReady) return resolve();
    const done = (error?: unknown) => {
      stdin.off("drain", onDrain);
      stdin.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error("ffmpeg stopped reading frames"));
    stdin.on("drain", onDrain);
    stdin.on("close", onClose);
  });
}

/**
 * Whether frame `at` ends a still run: true unless frame `at + 1` is a plain
 * frame (outside transitions) of the same clip, which may be the same still
 * picture. ffmpeg's fps filter emits the copies of a still only once it sees
 * the next frame's timestamp, so a still is sent again on the last frame of
 * its run: otherwise the encoder would wait, idle, while the next clip's
 * photo is decoded for the transition.
 */
export function endsStillRun(timeline: Timeline, at: number): boolean {
  if (at + 1 >= timeline.totalFrames) return true;
  const next = frameAt(timeline, at + 1);
  return Boolean(next.transition) || next.clip.index !== frameAt(timeline, at).clip.index;
}

/**
 * Streams the story's frames to `stdin` as Matroska (render/mkv.ts), in
 * which a still picture is sent when it appears and again on the last frame
 * of its run (endsStillRun), never in between; `onFirstFrame` gets the first
 * frame (the poster).
 */
export async function feedStoryFrames(input: {
  timeline: Timeline;
  photos: string[];
  stdin: Writable;
  resources: RenderResources;
  signal?: AbortSignal;
  onFirstFrame?: (frame: YuvImage) => Promise<void>;
  /** Prepares a clip; tests may wrap it (see generateStoryFrames). */
  prepare?: typeof prepareClip;
}): Promise<void> {
  const { timeline } = input;
  const frameLength = yuvSize(timeline.size.width, timeline.size.height);
  const pool = new FramePool(timeline.size);
  let firstFrameDone: Promise<void> | null = null;
  let index = 0;
  let previous: YuvImage | null = null;
  await writeFrame(input.stdin, mkvHeader(timeline.size, timeline.fps), () => undefined);
  const write = async (frame: YuvImage) => {
    const at = index;
    index += 1;
    const { onFirstFrame } = input;
    if (!firstFrameDone && onFirstFrame) {
      // The encoder gets the frame first; the poster is made from a copy meanwhile.
      const copy = { ...frame, data: Buffer.from(frame.data) };
      firstFrameDone = new Promise<void>((resolve) => setImmediate(resolve)).then(() => onFirstFrame(copy));
      firstFrameDone.catch(() => undefined); // awaited below
    }
    // The same still picture as the frame before: the fps filter repeats
    // that one. It is sent again on the last frame of its run, so ffmpeg
    // can encode the run at once instead of waiting for the next picture
    // (the next photo being decoded meanwhile).
    const isRepeat = frame === previous && !pool.owns(frame) && !endsStillRun(timeline, at);
    previous = frame;
    if (isRepeat) return;
    if (frame.data.length !== frameLength) throw new Error("a frame of the wrong size");
    input.stdin.write(mkvFrameHeader(frameTimestampMs(at, timeline.fps), frameLength));
    await writeFrame(input.stdin, frame.data, () => pool.release(frame));
  };
  for await (const frame of generateStoryFrames({ timeline, photos: input.photos, pool, resources: input.resources, signal: input.signal, prepare: input.prepare })) await write(frame);
  await firstFrameDone;
}

/**
 * Renders a story from local files into `workDir`: the frames are computed
 * here (render/story-frames.ts) and piped to one ffmpeg that only encodes.
 * Knows nothing of S3, SQS or Postgres, so tests can drive it directly.
 */
export async function renderStory(input: {
  spec: StorySpec;
  /** Local file of each slide's photo, in slide order. */
  photos: string[];
  /** Local music file inside `workDir` and the type its bytes were recognised as (its demuxer); required when the spec has music. */
  music?: { file: string; contentType: AudioContentType };
  workDir: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  encoder?: EncoderSettings;
  /** The kernels, caption canvas and memory hooks to render with (render-resources.ts); default: new ones for this render. */
  resources?: RenderResources;
}): Promise<RenderResult> {
  const { spec, photos, workDir, signal } = input;
  const resources = input.resources ?? createRenderResources();
  const timeline = computeTimeline(spec);
  if (photos.length !== spec.slides.length) throw new Error("one photo per slide is required");
  if (timeline.music && !input.music) throw new Error("the story has music but no music file was given");
  const music = timeline.music && input.music ? { file: path.resolve(input.music.file), contentType: input.music.contentType, jobDir: path.resolve(workDir) } : undefined;
  if (music && timeline.music) {
    const startMs = timeline.music.startMs;
    let progress = "";
    await runFfmpeg(buildMusicCheckArgs(music, seconds(timeline.totalFrames, timeline.fps), startMs), {
      signal,
      onStdout: (chunk) => {
        progress = (progress + chunk).slice(-2000);
      },
    }).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new UnreadableMusicError(`music could not be decoded: ${(error as Error).message}`, { cause: error });
    });
    // Nothing decoded from a start inside the song: the song ends before it (a song with no sound at all still plays as silence, as before).
    if (startMs > 0 && (parseProgressOutTimeMs(progress) ?? 0) <= 0) throw new MusicStartPastEndError(startMs);
  }

  const video = path.join(workDir, "video.mp4");
  const poster = path.join(workDir, "poster.jpg");
  await runFfmpeg(buildRenderArgs({ timeline, output: video, music, encoder: input.encoder }), {
    signal,
    feed: (stdin) =>
      feedStoryFrames({ timeline, photos, stdin, resources, signal, onFirstFrame: (frame) => writePoster({ frame, output: poster }) }),
    onFrame: (frame) => input.onProgress?.(Math.min(1, frame / timeline.totalFrames)),
  });
  input.onProgress?.(1);
  return { video, poster, timeline };
}
