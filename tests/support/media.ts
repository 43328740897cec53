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
