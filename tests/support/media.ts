import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import sharp from "sharp";

const run = promisify(execFile);

/** A photo that is visibly different per `seed`: a coloured gradient with a pattern. */
export async function makePhoto(file: string, options: { seed: number; width?: number; height?: number; format?: "jpeg" | "png" | "webp" }) {
  const width = options.width ?? 1600;
  const height = options.height ?? 1200;
  const hue = (options.seed * 97) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},80%,45%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},80%,55%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * (0.2 + 0.15 * (options.seed % 4))}" cy="${height / 2}" r="${height / 5}" fill="white" opacity="0.6"/>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  const format = options.format ?? "jpeg";
  await (format === "png" ? image.png() : format === "webp" ? image.webp() : image.jpeg({ quality: 85 })).toFile(file);
  return file;
}

export type ProbeResult = { codec: string; profile: string; pixFmt: string; width: number; height: number; frames: number; durationSec: number };

export async function probeVideo(file: string): Promise<ProbeResult> {
  const { stdout } = await run("ffprobe", [
    "-v", "error", "-select_streams", "v:0", "-count_frames",
    "-show_entries", "stream=codec_name,profile,pix_fmt,width,height,nb_read_frames:format=duration",
    "-of", "json", file,
  ]);
  const info = JSON.parse(stdout) as { streams: Record<string, string | number>[]; format: { duration: string } };
  const stream = info.streams[0];
  return {
    codec: String(stream.codec_name),
    profile: String(stream.profile),
    pixFmt: String(stream.pix_fmt),
    width: Number(stream.width),
    height: Number(stream.height),
    frames: Number(stream.nb_read_frames),
    durationSec: Number(info.format.duration),
  };
}

/** One decoded frame as raw RGB, scaled down to 64×36 for comparisons. */
export async function grabFrame(file: string, seconds: number): Promise<Buffer> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-ss", String(seconds), "-i", file, "-frames:v", "1", "-vf", "scale=64:36", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    { encoding: "buffer", maxBuffer: 1 << 20 },
  );
  return stdout as unknown as Buffer;
}

/** Mean absolute difference per channel between two equally sized frames (0..255). */
export function frameDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Top-level MP4 box types in file order; faststart puts `moov` before `mdat`. */
export async function readTopLevelBoxes(file: string): Promise<string[]> {
  const data = await readFile(file);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString("latin1", offset + 4, offset + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    if (size === 0) size = data.length - offset;
    boxes.push(type);
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** A photo of flat colour bands (top to bottom, heights in fractions), e.g. to see where a crop or rotation put them. */
export async function makeBandedPhoto(
  file: string,
  options: { width: number; height: number; bands: Array<{ color: string; from: number; to: number }>; direction?: "vertical" | "horizontal"; orientation?: number },
) {
  const { width, height } = options;
  const rects = options.bands
    .map((band) =>
      options.direction === "horizontal"
        ? `<rect x="${band.from * width}" y="0" width="${(band.to - band.from) * width}" height="${height}" fill="${band.color}"/>`
        : `<rect x="0" y="${band.from * height}" width="${width}" height="${(band.to - band.from) * height}" fill="${band.color}"/>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#000"/>${rects}</svg>`;
  let image = sharp(Buffer.from(svg)).jpeg({ quality: 95 });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  await image.toFile(file);
  return file;
}

/** A flat-colour photo. */
export async function makeSolidPhoto(file: string, options: { width: number; height: number; color: { r: number; g: number; b: number } }) {
  await sharp({ create: { width: options.width, height: options.height, channels: 3, background: options.color } }).png().toFile(file);
  return file;
}

/** Exactly frame `index` (0-based) of a video, as raw RGB at full size (or scaled). */
export async function grabFrameAt(file: string, index: number, scale?: { width: number; height: number }): Promise<Buffer> {
  const filters = [`select=eq(n\\,${index})`, ...(scale ? [`scale=${scale.width}:${scale.height}`] : [])];
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-i", file, "-vf", filters.join(","), "-frames:v", "1", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    { encoding: "buffer", maxBuffer: 64 << 20 },
  );
  return stdout as unknown as Buffer;
}

/** Every frame of a video as 8-bit grey (luma) at a given size. */
export async function readGrayFrames(file: string, size: { width: number; height: number }): Promise<Buffer[]> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-i", file, "-vf", `scale=${size.width}:${size.height}:flags=area`, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
    { encoding: "buffer", maxBuffer: 1 << 30 },
  );
  const data = stdout as unknown as Buffer;
  const frameSize = size.width * size.height;
  return Array.from({ length: Math.floor(data.length / frameSize) }, (_, i) => data.subarray(i * frameSize, (i + 1) * frameSize));
}

/** Mean colour of a rectangle of an RGB frame. */
export function meanColor(frame: Buffer, frameWidth: number, rect: { x: number; y: number; width: number; height: number }) {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 1) {
    for (let x = rect.x; x < rect.x + rect.width; x += 1) {
      const i = (y * frameWidth + x) * 3;
      r += frame[i];
      g += frame[i + 1];
      b += frame[i + 2];
    }
  }
  const n = rect.width * rect.height;
  return { r: r / n, g: g / n, b: b / n };
}

/** Mean absolute difference (0..255) between two RGB(A) images over a rectangle of the first's frame. */
export function regionDifference(
  a: { data: ArrayLike<number>; width: number; channels: number },
  b: { data: ArrayLike<number>; width: number; channels: number },
  rect: { x: number; y: number; width: number; height: number },
): number {
  let sum = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 1) {
    for (let x = rect.x; x < rect.x + rect.width; x += 1) {
      const i = (y * a.width + x) * a.channels;
      const j = (y * b.width + x) * b.channels;
      sum += Math.abs(a.data[i] - b.data[j]) + Math.abs(a.data[i + 1] - b.data[j + 1]) + Math.abs(a.data[i + 2] - b.data[j + 2]);
    }
  }
  return sum / (rect.width * rect.height * 3);
}

/** A sine tone (440 Hz at full scale) as an audio file; the format follows the extension. */
export async function makeTone(file: string, seconds: number) {
  await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=44100:duration=${seconds}`, "-af", "volume=0.5", file]);
  return file;
}

export type AudioProbe = { codec: string; durationSec: number; sampleRate: number; channels: number };

export async function probeAudio(file: string): Promise<AudioProbe | null> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,duration,sample_rate,channels", "-of", "json", file]);
  const stream = (JSON.parse(stdout) as { streams: Record<string, string | number>[] }).streams[0];
  if (!stream) return null;
  return { codec: String(stream.codec_name), durationSec: Number(stream.duration), sampleRate: Number(stream.sample_rate), channels: Number(stream.channels) };
}

/** Mean volume in dB (ffmpeg volumedetect) of a stretch of a file's audio. */
export async function meanVolumeDb(file: string, fromSec: number, durationSec: number): Promise<number> {
  const { stderr } = await run("ffmpeg", ["-v", "info", "-nostats", "-ss", String(fromSec), "-t", String(durationSec), "-i", file, "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-"]);
  const match = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr);
  if (!match) throw new Error(`no volume measured: ${stderr.slice(-500)}`);
  return match[1] === "-inf" ? -Infinity : Number(match[1]);
}
