import path from "node:path";
import type { AudioContentType } from "../../../lib/contracts/upload";
import { readSettings, workerSchema } from "../../../lib/platform/config";
import type { MusicPlan, Timeline } from "../../../lib/timeline";

// Pure builders of ffmpeg argument arrays: no shell, no user text. Every
// frame is computed by the worker (render/story-frames.ts) and streamed to
// ffmpeg as uncompressed yuv420p on stdin, in Matroska (render/mkv.ts) so
// that a still is sent twice (when it appears, and on its last frame) and
// the fps filter repeats it in between; ffmpeg does
// nothing but encode (and, with music, decode, trim and fade the audio).
// Captions are pixels by now.

export type EncoderSettings = {
  preset: string;
  crf: number;
  /** x264 threads; unset lets x264 choose from the CPUs the process may use. */
  threads?: number;
};

export const DEFAULT_ENCODER: EncoderSettings = { preset: "veryfast", crf: 23 };

/**
 * The worker's encoder: the defaults, with `WORKER_ENCODER_THREADS`
 * (workerSchema in lib/platform/config.ts) as x264's thread count, e.g. for
 * a worker pinned to one core (npm run bench:fleet). A bad value is refused
 * rather than ignored.
 */
export function encoderFromEnv(env: Record<string, string | undefined>): EncoderSettings {
  const threads = readSettings(workerSchema, env).WORKER_ENCODER_THREADS;
  return threads === undefined ? DEFAULT_ENCODER : { ...DEFAULT_ENCODER, threads };
}
export const AUDIO_BITRATE = "160k";
export const AUDIO_SAMPLE_RATE = 48_000;

/**
 * The demuxer for each audio type the upload check recognises. ffmpeg is
 * never left to guess a customer's file: guessing picks demuxers that open
 * other files or URLs named inside it (HLS, concat, ffconcat, image2
 * patterns, tee), so an "MP3" that is really a playlist would play a file
 * from the worker's disk.
 */
export const AUDIO_DEMUXERS: Record<AudioContentType, string> = {
  "audio/mpeg": "mp3",
  "audio/mp4": "mov",
  "audio/aac": "aac",
  "audio/wav": "wav",
  "audio/ogg": "ogg",
  "audio/flac": "flac",
};

/** The only protocols an input may use: local files and pipes (no network, no nested protocols such as concat: or subfile:). */
export const INPUT_PROTOCOLS = "file,pipe";

/** A customer's music file in the job's temp folder, and the type the upload check found in its bytes. */
export type MusicInput = { file: string; contentType: AudioContentType; jobDir: string };

/**
 * The input options for the music: its demuxer forced from the sniffed type,
 * local files only, and the path as an explicit `file:` URL (a name with a
 * colon is never read as another protocol). The file must be inside the
 * job's own folder.
 */
export function buildMusicInputArgs(music: MusicInput, startMs = 0): string[] {
  const demuxer = AUDIO_DEMUXERS[music.contentType];
  if (!demuxer) throw new Error(`no demuxer for ${music.contentType}`);
  if (!path.isAbsolute(music.file) || !path.isAbsolute(music.jobDir)) throw new Error("the music file and job folder must be absolute paths");
  const file = path.normalize(music.file);
  const relative = path.relative(path.normalize(music.jobDir), file);
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative)) throw new Error("the music file is not inside the job's folder");
  if (/[\0\r\n]/.test(file)) throw new Error("the music file's path has control characters");
  if (!Number.isInteger(startMs) || startMs < 0) throw new Error("the music's start must be a whole number of ms, not negative");
  // As an input option -ss seeks in the song and decodes from exactly there; its timestamps then start at 0.
  const start = startMs > 0 ? ["-ss", msToSeconds(startMs)] : [];
  return [...start, "-protocol_whitelist", INPUT_PROTOCOLS, "-f", demuxer, "-i", `file:${file}`];
}

/** Seconds, exact to the microsecond, without float noise ("2.5", "0.533333"). */
export const seconds = (frames: number, fps: number) => Number((frames / fps).toFixed(6)).toString();
const msToSeconds = (ms: number) => Number((ms / 1000).toFixed(6)).toString();

/**
 * The audio filter: pad short music with silence and cut long music, so the
 * audio lasts exactly as long as the video, then fade it out as the
 * timeline's music plan says.
 */
export function buildMusicFilter(music: MusicPlan, durationSeconds: string): string {
  const fade = music.fadeOutMs > 0 ? `,afade=t=out:st=${msToSeconds(music.fadeOutStartMs)}:d=${msToSeconds(music.fadeOutMs)}` : "";
  return `apad,atrim=end=${durationSeconds},asetpts=N/SR/TB${fade}`;
}

/** The x264 settings shared by the renderer and the benchmark's encoder floor. */
export function buildVideoEncoderArgs(encoder: EncoderSettings, fps: number): string[] {
  return [
    "-c:v", "libx264",
    "-preset", encoder.preset,
    "-crf", String(encoder.crf),
    "-profile:v", "high",
    // Each frame is split into one slice per thread instead of encoding
    // several frames at once: x264 then holds no extra frames per thread,
    // ~75 MB less at 1080p (~220 instead of ~295 MB), with the same quality
    // (SSIM and PSNR equal to 0.01 dB, files ~0.3% larger) and ~3% less
    // CPU, but renders take ~8–13% longer on 2 cores (less parallelism in
    // the lookahead). Memory per worker was the tighter limit
    // (docs/decisions.md).
    "-x264-params", "sliced-threads=1",
    ...(encoder.threads ? ["-threads", String(encoder.threads)] : []),
    "-pix_fmt", "yuv420p",
    // The frames are BT.709 limited range (render/yuv.ts); say so, so players do not guess.
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
    "-r", String(fps),
    "-fps_mode", "cfr",
  ];
}

/**
 * The worker's frames on stdin: uncompressed yuv420p in Matroska, each with
 * its timestamp, only when the picture changes and on the last frame of a
 * still's run (and the video's last frame). The
 * fps filter turns that into every frame of the timeline: each output frame
 * shows the latest input frame at or before it (timestamps are rounded to
 * the millisecond, the filter rounds them back to their frame).
 */
export function buildFrameStreamInputArgs(): string[] {
  return ["-protocol_whitelist", INPUT_PROTOCOLS, "-f", "matroska", "-i", "pipe:0"];
}

/**
 * Encodes the frames streamed on stdin into an MP4: H.264 High, yuv420p,
 * constant frame rate, moov first (faststart), up to the last frame sent
 * (the worker always sends frame totalFrames − 1);
 * with music, AAC audio trimmed to the video and faded out.
 */
export function buildRenderArgs(input: {
  timeline: Pick<Timeline, "size" | "fps" | "totalFrames" | "music">;
  output: string;
  /** The music, when the story has music. */
  music?: MusicInput;
  encoder?: EncoderSettings;
}): string[] {
  const { timeline, output } = input;
  const encoder = input.encoder ?? DEFAULT_ENCODER;
  const duration = seconds(timeline.totalFrames, timeline.fps);
  if (input.music && !timeline.music) throw new Error("a music file was given for a timeline without music");
  if (timeline.music && !input.music) throw new Error("the timeline has music but no music file was given");
  const audio =
    input.music && timeline.music
      ? [
          "-map", "1:a:0",
          "-filter:a", buildMusicFilter(timeline.music, duration),
          "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", String(AUDIO_SAMPLE_RATE), "-ac", "2",
        ]
      : ["-an"];
  return [
    "-hide_banner", "-nostdin", "-y",
    "-loglevel", "error",
    "-progress", "pipe:1", "-nostats",
    ...buildFrameStreamInputArgs(),
    ...(input.music && timeline.music ? ["-vn", "-sn", "-dn", ...buildMusicInputArgs(input.music, timeline.music.startMs)] : []),
    "-map", "0:v:0",
    "-filter:v", `fps=${timeline.fps}`,
    // No -frames:v: the worker writes exactly totalFrames frames, and a frame
    // limit would end the file before the audio encoder has flushed.
    ...buildVideoEncoderArgs(encoder, timeline.fps),
    ...audio,
    "-movflags", "+faststart",
    output,
  ];
}

/**
 * Decodes the music (as much as the video needs, from where it starts) and
 * discards it: a file ffmpeg cannot read fails here, before any frame is
 * rendered. -xerror turns a decoding error into a failure instead of a
 * warning. The progress report on stdout says how much was decoded
 * (parseProgressOutTimeMs): nothing means the song ends before its start.
 */
export function buildMusicCheckArgs(music: MusicInput, durationSeconds: string, startMs = 0): string[] {
  return [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-xerror",
    "-progress", "pipe:1", "-nostats",
    "-t", durationSeconds,
    ...buildMusicInputArgs(music, startMs),
    "-map", "0:a:0", "-f", "null", "-",
  ];
}

/** The latest `out_time_us` of `-progress` output, in ms; null when there is none (or it is N/A: nothing decoded). */
export function parseProgressOutTimeMs(text: string): number | null {
  let ms: number | null = null;
  for (const line of text.split("\n")) {
    const match = /^out_time_us=(-?\d+)$/.exec(line.trim());
    if (match) ms = Math.max(0, Number(match[1]) / 1000);
  }
  return ms;
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
