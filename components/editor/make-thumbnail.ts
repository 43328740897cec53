// Thumbnails made in the browser the moment a photo is added, before (and
// whatever happens to) its upload: a small one for the slide list and a
// bigger one the preview draws, so 100 full-size photos are never kept
// decoded in memory.

const THUMB_LONG_SIDE = 360;
const PREVIEW_LONG_SIDE = 1920;

export type Thumbnails = { thumbUrl: string; previewUrl: string; width: number; height: number };

async function scaled(bitmap: ImageBitmap, longSide: number, quality: number): Promise<string> {
  const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
  if (!blob) throw new Error("Could not encode the thumbnail");
  return URL.createObjectURL(blob);
}

/** Null when the browser cannot decode the file (the server check will say why). */
export async function makeThumbnails(file: File): Promise<Thumbnails | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
  try {
    const [thumbUrl, previewUrl] = await Promise.all([scaled(bitmap, THUMB_LONG_SIDE, 0.8), scaled(bitmap, PREVIEW_LONG_SIDE, 0.88)]);
    return { thumbUrl, previewUrl, width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}
