import { readFile, writeFile } from "node:fs/promises";
import sharp from "sharp";
import type { FrameSize } from "../../../lib/timeline";
import { drawCaption } from "./draw-caption";

/** A photo that cannot be decoded: a permanent failure, retrying will not help. */
export class UnreadablePhotoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnreadablePhotoError";
  }
}

const MAX_INPUT_PIXELS = 60_000_000;

/**
 * Turns one photo into the exact frame the video shows: EXIF-rotated,
 * scaled and cropped to fill, caption composited, written as raw RGB so
 * ffmpeg does no decoding at all. JPEGs are shrunk while decoding.
 */
export async function prepareStill(input: { photo: string; caption?: string; size: FrameSize; output: string }): Promise<void> {
  const { width, height } = input.size;
  let frame: Buffer;
  try {
    frame = await sharp(input.photo, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize(width, height, { fit: "cover", position: "centre" })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer();
  } catch (error: unknown) {
    throw new UnreadablePhotoError(`photo could not be decoded: ${(error as Error).message}`, { cause: error });
  }
  if (input.caption?.trim()) {
    // Composite after the resize, in a second pipeline (sharp cannot do both in one).
    frame = await sharp(frame, { raw: { width, height, channels: 3 } })
      .composite([{ input: drawCaption(input.caption, input.size) }])
      .removeAlpha()
      .raw()
      .toBuffer();
  }
  await writeFile(input.output, frame);
}

/** The poster: the first still as a JPEG. */
export async function writePoster(input: { still: string; size: FrameSize; output: string }): Promise<void> {
  await sharp(await readFile(input.still), { raw: { width: input.size.width, height: input.size.height, channels: 3 } })
    .jpeg({ quality: 85, mozjpeg: false })
    .toFile(input.output);
}
