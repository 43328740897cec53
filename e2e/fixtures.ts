import { execFile } from "node:child_process";
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

/** Uploads a photo through the public API, as any client would. Returns the asset id. */
export async function uploadViaApi(request: Api, bytes: Buffer): Promise<string> {
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
