import sharp from "sharp";
import type { Fit } from "../../../lib/contracts/story-spec";
import { BLUR_BRIGHTNESS, BLUR_REDUCTION, BLUR_SIGMA, type FrameSize } from "../../../lib/timeline";
import { rgbToYuv420p, yuv420pToRgb, type YuvImage } from "./yuv";

/** A photo that cannot be decoded: a permanent failure, retrying will not help. */
export class UnreadablePhotoError extends Error {
  /** The file that could not be decoded (the worker maps it back to its slide). */
  readonly photo?: string;

  constructor(message: string, options?: { cause?: unknown; photo?: string }) {
    super(message, options);
    this.name = "UnreadablePhotoError";
    this.photo = options?.photo;
  }
}

/** 50 megapixels is the largest photo we promise; a little headroom. */
export const MAX_INPUT_PIXELS = 60_000_000;

// libvips keeps no cache of decoded images between stills: each photo is
// used once, and the cache would only hold memory.
sharp.cache(false);

const decode = (photo: string) => sharp(photo, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).rotate();

/**
 * Decodes one photo into a yuv420p picture of exactly `size`: turned upright
 * by its EXIF orientation, then either cropped to fill ("cover") or fitted
 * whole over a blurred, cropped-to-fill copy of itself ("blur"). JPEGs are
 * shrunk while decoding (libjpeg DCT scaling), so a 12-megapixel photo is
 * never decoded at full size for a 1080p frame.
 */
export async function prepareStill(input: {
  photo: string;
  fit: Fit;
  size: FrameSize;
  /** Where the picture goes, asked for once the photo is decoded (a kernel's memory: ClipKernels.pictureSpace); null: a new buffer. */
  into?: () => YuvImage | null;
}): Promise<YuvImage> {
  const { width, height } = input.size;
  let rgb: Buffer;
  try {
    rgb = await decodeRgb(input.photo, input.fit, input.size);
  } catch (error: unknown) {
    throw new UnreadablePhotoError(`photo could not be decoded: ${(error as Error).message}`, { cause: error, photo: input.photo });
  }
  // Outside the try: a failure here is ours, not the photo's (not a permanent failure of the order).
  return rgbToYuv420p(rgb, width, height, 3, input.into?.() ?? undefined);
}

/** The photo as packed RGB of exactly `size`, turned, cropped or fitted over its blurred copy. */
async function decodeRgb(photo: string, fit: Fit, size: FrameSize): Promise<Buffer> {
  const { width, height } = size;
  if (fit === "cover") return decode(photo).resize(width, height, { fit: "cover", position: "centre" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
  const { data: fitted, info } = await decode(photo)
    .resize(width, height, { fit: "inside" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 3 as const } };
  // Two pipelines: sharp resizes once per pipeline, and blurs after resizing.
  const small = await sharp(fitted, raw)
    .resize(Math.ceil(width / BLUR_REDUCTION), Math.ceil(height / BLUR_REDUCTION), { fit: "cover" })
    .blur(BLUR_SIGMA)
    .linear(BLUR_BRIGHTNESS, 0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 3 } })
    .resize(width, height, { fit: "fill", kernel: "cubic" })
    .composite([{ input: fitted, raw: raw.raw, left: Math.floor((width - info.width) / 2), top: Math.floor((height - info.height) / 2) }])
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** The poster: a frame as a JPEG. */
export async function writePoster(input: { frame: YuvImage; output: string }): Promise<void> {
  const { width, height } = input.frame;
  await sharp(yuv420pToRgb(input.frame), { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(input.output);
}
