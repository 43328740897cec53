import { execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { test as base, expect } from "@playwright/test";
import sharp from "sharp";

const run = promisify(execFile);

export type Rgb = [number, number, number];

type Fixtures = {
  /** Writes solid-colour JPEGs (with a little texture) and returns their paths. */
  makePhotos: (colors: Rgb[]) => Promise<string[]>;
};

export const test = base.extend<Fixtures>({
  makePhotos: async ({}, provide, testInfo) => {
    await provide(async (colors) =>
      Promise.all(
        colors.map(async ([r, g, b], i) => {
          const file = testInfo.outputPath(`photo-${i + 1}.jpg`);
          await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r, g, b } } })
            .jpeg({ quality: 90 })
            .toFile(file);
          return file;
        }),
      ),
    );
  },
});

export { expect };
export { probeVideo } from "../tests/support/media";

/** Mean colour of the top half of the frame at `seconds` (the caption sits at the bottom). */
export async function meanColorAt(file: string, seconds: number): Promise<Rgb> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-ss", String(seconds), "-i", file, "-frames:v", "1", "-vf", "crop=iw:ih/2:0:0,scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    { encoding: "buffer" },
  );
  const pixel = stdout as unknown as Buffer;
  return [pixel[0], pixel[1], pixel[2]];
}

export function nearest(color: Rgb, palette: Rgb[]): number {
  const distance = (a: Rgb, b: Rgb) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);
  return palette.reduce((best, candidate, i) => (distance(color, candidate) < distance(color, palette[best]) ? i : best), 0);
}

export const screenshotPath = (name: string) => path.join("test-results", "screens", `${name}.png`);

type Api = import("@playwright/test").APIRequestContext;

/** What an API client does before its first call: get a session cookie (a page load does the same). */
export async function startSession(request: Api): Promise<void> {
  const response = await request.post("/api/session");
  expect(response.status()).toBe(204);
}

/** Uploads a photo through the public API, as any client would (starting a session first). Returns the asset id. */
export async function uploadViaApi(request: Api, bytes: Buffer): Promise<string> {
  await startSession(request);
  const created = await request.post("/api/uploads", { data: { filename: "photo.jpg", contentType: "image/jpeg", size: bytes.length } });
  expect(created.status()).toBe(201);
  const upload = await created.json();
  const put = await request.put(upload.uploadUrl, { headers: upload.headers, data: bytes });
  expect(put.status()).toBe(200);
  const complete = await request.post(`/api/uploads/${upload.assetId}/complete`);
  expect(complete.status()).toBe(200);
  return upload.assetId;
}

export async function solidJpeg(color: Rgb): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: color[0], g: color[1], b: color[2] } } }).jpeg().toBuffer();
}

type Page = import("@playwright/test").Page;

/** Console errors and uncaught exceptions of a page; a test ends with expect(errors).toEqual([]). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/**
 * Starts summing layout shifts (as the browser measures CLS) of elements
 * inside `selector`; call it before the content under test arrives.
 */
export async function watchLayoutShift(page: Page, selector: string): Promise<() => Promise<number>> {
  await page.evaluate((within) => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      type Shift = { value: number; sources?: Array<{ node?: Node | null }> };
      for (const entry of list.getEntries() as unknown as Shift[]) {
        const isInside = (entry.sources ?? []).some((source) => source.node instanceof Element && source.node.closest(within));
        if (isInside) w.__shift += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: false });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { __shift: number }).__shift);
}

/** Mean colour of a region of the preview canvas, in fractions of its size. */
export async function canvasColor(page: Page, region: { x: number; y: number; w: number; h: number }): Promise<Rgb> {
  return page.getByTestId("preview-canvas").evaluate((element, r) => {
    const canvas = element as HTMLCanvasElement;
    const ctx = canvas.getContext("2d")!;
    const x = Math.round(r.x * canvas.width);
    const y = Math.round(r.y * canvas.height);
    const data = ctx.getImageData(x, y, Math.max(1, Math.round(r.w * canvas.width)), Math.max(1, Math.round(r.h * canvas.height))).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
    const n = data.length / 4;
    return sum.map((v) => Math.round(v / n)) as Rgb;
  }, region);
}

/** A JPEG with a diagonal colour gradient, so zooms and pans change what the frame shows. */
export async function gradientJpeg(width = 1200, height = 900): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.round((255 * x) / width);
      pixels[i + 1] = Math.round((255 * y) / height);
      pixels[i + 2] = 128;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A few seconds of a sine tone as an MP3, made with ffmpeg. */
export async function makeMusic(file: string, seconds = 4): Promise<string> {
  await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`, "-c:a", "libmp3lame", "-b:a", "96k", file]);
  return file;
}

/** A JPEG whose header is fine but that has no picture data: the upload check, which decodes every photo whole, refuses it. */
export async function corruptJpeg(): Promise<Buffer> {
  const good = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
  // Keep the header (with its size) up to the start of scan (FFDA), then end the file: no picture data at all.
  const sos = good.indexOf(Buffer.from([0xff, 0xda]));
  return Buffer.concat([good.subarray(0, sos), Buffer.from([0xff, 0xd9])]);
}

/** "Music" that passes the upload check (a real MP3 frame header) but is noise after it: ffmpeg cannot decode it, so the order fails for real. */
export function undecodableMp3(): Buffer {
  const noise = Buffer.alloc(20_000);
  for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919) & 255;
  return Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise]);
}

/** Whether a media file has an audio stream. */
export async function hasAudioStream(file: string): Promise<boolean> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_type", "-of", "csv=p=0", file]);
  return String(stdout).includes("audio");
}

/** Mean volume (dB) of a stretch of a file's audio, as ffmpeg's volumedetect measures it. */
export async function meanVolume(file: string, from: number, seconds: number): Promise<number> {
  const { stderr } = await run("ffmpeg", ["-v", "info", "-ss", String(from), "-t", String(seconds), "-i", file, "-vn", "-af", "volumedetect", "-f", "null", "-"]);
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(String(stderr));
  if (!match) throw new Error("no volume measured");
  return match[1] === "-inf" ? -120 : Number(match[1]);
}

/** Drops files on the page the way a desktop drag-and-drop does. */
export async function dropFiles(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const data = new DataTransfer();
      for (const file of list) data.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.mimeType }));
      return data;
    },
    files.map((file) => ({ name: file.name, mimeType: file.mimeType, bytes: [...file.buffer] })),
  );
  const target = page.locator("main");
  await target.dispatchEvent("dragenter", { dataTransfer: transfer });
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}

/**
 * dnd-kit's keyboard sensor starts listening for arrow keys in a setTimeout
 * after a pick-up, and Chromium may dispatch a queued key press before that
 * timer runs (a person cannot type that fast; Playwright can). A timer
 * queued now runs after dnd-kit's, so once it has, the sensor is listening.
 */
export async function keyboardSensorListening(page: import("@playwright/test").Page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

export type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/**
 * One request from a chosen loopback address (127.0.0.x), so a test can be
 * "another client" without touching 127.0.0.1's limits, which every other
 * test shares.
 */
export function rawRequest(input: { from: string; method: string; path: string; headers?: Record<string, string>; body?: string; port?: number }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: input.port ?? Number(process.env.E2E_PORT ?? 3100), localAddress: input.from, method: input.method, path: input.path, headers: { connection: "close", ...input.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(input.body);
  });
}

