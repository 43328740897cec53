import sharp, { type Sharp } from "sharp";
import type { Fit } from "../../../lib/contracts/story-spec";
import { BLUR_BRIGHTNESS, BLUR_REDUCTION, BLUR_SIGMA, CENTRE, coverCropInPixels, isCentred, type FrameSize, type Point } from "../../../lib/timeline";
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

/** A photo's size as shown upright (EXIF orientation applied), from its header. */
export async function readPhotoSize(photo: string): Promise<FrameSize> {
  try {
    const { autoOrient } = await sharp(photo, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    return { width: autoOrient.width, height: autoOrient.height };
  } catch (error: unknown) {
    throw new UnreadablePhotoError(`photo could not be read: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Resizes `image` (of `source`'s size) to cover `target` and cuts the
 * target out at the focus point (lib/timeline coverCropInPixels). A centred
 * focus is sharp's own centre crop, the very pixels every render made before
 * focus points (the same crop to within rounding: prepare-still.test.ts).
 */
function coverAt(image: Sharp, target: FrameSize, focus: Point, source: FrameSize | null): Sharp {
  if (isCentred(focus) || !source) return image.resize(target.width, target.height, { fit: "cover", position: "centre" });
  const { resize, left, top } = coverCropInPixels(source, target, focus);
  // Resized first, then cut: cutting first would stop libjpeg shrinking the photo while decoding it.
  return image.resize(resize.width, resize.height, { fit: "fill" }).extract({ left, top, width: target.width, height: target.height });
}

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
  /** The point of the photo the crop centres on (default: the middle). */
  focus?: Point;
  /** The photo's upright size (readPhotoSize), if already known: needed for a focus off the middle. */
  photoSize?: FrameSize;
  /** Where the picture goes, asked for once the photo is decoded (a kernel's memory: ClipKernels.pictureSpace); null: a new buffer. */
  into?: () => YuvImage | null;
}): Promise<YuvImage> {
  const { width, height } = input.size;
  let rgb: Buffer;
  try {
    const focus = input.focus ?? CENTRE;
    const photoSize = isCentred(focus) || input.fit !== "cover" ? null : (input.photoSize ?? (await readPhotoSize(input.photo)));
    rgb = await decodeRgb({ photo: input.photo, fit: input.fit, size: input.size, focus, photoSize });
  } catch (error: unknown) {
    if (error instanceof UnreadablePhotoError) throw error;
    throw new UnreadablePhotoError(`photo could not be decoded: ${(error as Error).message}`, { cause: error, photo: input.photo });
  }
  // Outside the try: a failure here is ours, not the photo's (not a permanent failure of the order).
  return rgbToYuv420p(rgb, width, height, 3, input.into?.() ?? undefined);
}

/** The photo as packed RGB of exactly `size`, turned, cropped or fitted over its blurred copy (both centred on the focus). */
async function decodeRgb(input: { photo: string; fit: Fit; size: FrameSize; focus: Point; photoSize: FrameSize | null }): Promise<Buffer> {
  const { photo, fit, size, focus } = input;
  const { width, height } = size;
  if (fit === "cover") return coverAt(decode(photo), size, focus, input.photoSize).removeAlpha().toColourspace("srgb").raw().toBuffer();
  const { data: fitted, info } = await decode(photo)
    .resize(width, height, { fit: "inside" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 3 as const } };
  // Two pipelines: sharp resizes once per pipeline, and blurs after resizing.
  const small = await coverAt(sharp(fitted, raw), { width: Math.ceil(width / BLUR_REDUCTION), height: Math.ceil(height / BLUR_REDUCTION) }, focus, info)
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
