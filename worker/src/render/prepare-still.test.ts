import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareStill, readPhotoSize, UnreadablePhotoError } from "./prepare-still";
import { createYuv, rgbToYuv420p, yuv420pToRgb, type YuvImage } from "./yuv";

let dir: string;
let photo: string;
/** A 4:3 photo in five vertical bands: red, green, blue, yellow, magenta from left to right. */
let bands: string;
const BAND_COLOURS = [[220, 30, 30], [30, 200, 40], [30, 40, 220], [230, 220, 40], [220, 40, 220]];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-prepare-still-"));
  photo = path.join(dir, "photo.jpg");
  await sharp({ create: { width: 320, height: 200, channels: 3, background: "#3366cc" } }).jpeg().toFile(photo);
  bands = path.join(dir, "bands.png");
  const pixels = Buffer.alloc(400 * 300 * 3);
  for (let y = 0; y < 300; y += 1) for (let x = 0; x < 400; x += 1) pixels.set(BAND_COLOURS[Math.floor(x / 80)], (y * 400 + x) * 3);
  await sharp(pixels, { raw: { width: 400, height: 300, channels: 3 } }).png().toFile(bands);
});

/** The mean RGB of a column of a picture. */
function columnColour(picture: YuvImage, x: number): number[] {
  const rgb = yuv420pToRgb(picture);
  const sum = [0, 0, 0];
  for (let y = 0; y < picture.height; y += 1) for (let c = 0; c < 3; c += 1) sum[c] += rgb[(y * picture.width + x) * 3 + c];
  return sum.map((v) => Math.round(v / picture.height));
}
/** The mean RGB of a row of a picture. */
function rowColour(picture: YuvImage, y: number): number[] {
  const rgb = yuv420pToRgb(picture);
  const sum = [0, 0, 0];
  for (let x = 0; x < picture.width; x += 1) for (let c = 0; c < 3; c += 1) sum[c] += rgb[(y * picture.width + x) * 3 + c];
  return sum.map((v) => Math.round(v / picture.width));
}
const closeTo = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]) <= 12);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("prepareStill", () => {
  const size = { width: 160, height: 90 };

  it("converts into the picture `into` gives, the same bytes as into a new one", async () => {
    const target = createYuv(size.width, size.height);
    const placed = await prepareStill({ photo, fit: "cover", size, into: () => target });
    expect(placed.data).toBe(target.data);
    const fresh = await prepareStill({ photo, fit: "cover", size });
    expect(placed.data.equals(fresh.data)).toBe(true);
  });

  describe("the focus point (a 4:3 photo of five bands in a 9:16 frame keeps 42% of its width)", () => {
    const vertical = { width: 90, height: 160 };

    it("a centred focus is the centre crop of before, byte for byte", async () => {
      const before = await sharp(bands).resize(vertical.width, vertical.height, { fit: "cover", position: "centre" }).removeAlpha().raw().toBuffer();
      const centred = await prepareStill({ photo: bands, fit: "cover", size: vertical, focus: { x: 0.5, y: 0.5 } });
      const defaulted = await prepareStill({ photo: bands, fit: "cover", size: vertical });
      expect(centred.data.equals(defaulted.data)).toBe(true);
      expect(rgbToYuv420p(before, vertical.width, vertical.height).data.equals(centred.data)).toBe(true);
      // The middle band fills the middle.
      expect(closeTo(columnColour(centred, 45), BAND_COLOURS[2])).toBe(true);
    });

    it("crops around the focus: the left band at x = 0.1, the right one at x = 0.9", async () => {
      const left = await prepareStill({ photo: bands, fit: "cover", size: vertical, focus: { x: 0.1, y: 0.5 } });
      expect(closeTo(columnColour(left, 10), BAND_COLOURS[0])).toBe(true);
      expect(closeTo(columnColour(left, 80), BAND_COLOURS[1])).toBe(true); // the crop ends at 42% of the width, in the second band
      const right = await prepareStill({ photo: bands, fit: "cover", size: vertical, focus: { x: 0.9, y: 0.5 } });
      expect(closeTo(columnColour(right, 80), BAND_COLOURS[4])).toBe(true);
      expect(closeTo(columnColour(right, 10), BAND_COLOURS[3])).toBe(true); // it starts at 58%, in the fourth
    });

    it("an off-centre focus cuts the centre crop's geometry (coverCropInPixels), moved by the focus: just off the middle, nearly the same pixels", async () => {
      const centred = await prepareStill({ photo: bands, fit: "cover", size: vertical });
      const nearly = await prepareStill({ photo: bands, fit: "cover", size: vertical, focus: { x: 0.5, y: 0.5001 } });
      let largest = 0;
      let sum = 0;
      for (let i = 0; i < centred.data.length; i += 1) {
        const d = Math.abs(centred.data[i] - nearly.data[i]);
        sum += d;
        largest = Math.max(largest, d);
      }
      // Resampling rounds differently (sharp's cover scale against an exact size); no edge moves.
      expect(sum / centred.data.length).toBeLessThan(0.5);
      expect(largest).toBeLessThanOrEqual(8);
    });

    it("the blurred background of the blur fit follows the focus too; the photo itself stays whole", async () => {
      // The whole photo spans the frame's width, 67 rows high in the middle; above and below it, the blurred crop.
      const left = await prepareStill({ photo: bands, fit: "blur", size: vertical, focus: { x: 0, y: 0.5 } });
      const right = await prepareStill({ photo: bands, fit: "blur", size: vertical, focus: { x: 1, y: 0.5 } });
      // Above the photo: red, green (and a sliver of blue) for a focus on the left; yellow and magenta on the right.
      const [above, aboveRight] = [rowColour(left, 10), rowColour(right, 10)];
      expect(aboveRight[0] - above[0]).toBeGreaterThan(40);
      expect(aboveRight[2] - above[2]).toBeGreaterThan(40);
      expect(closeTo(rowColour(left, 80), rowColour(right, 80))).toBe(true); // the photo itself
    });

    it("reads the photo's upright size from its header", async () => {
      const turned = path.join(dir, "turned.jpg");
      await sharp(bands).jpeg().withMetadata({ orientation: 6 }).toFile(turned);
      expect(await readPhotoSize(bands)).toEqual({ width: 400, height: 300 });
      expect(await readPhotoSize(turned)).toEqual({ width: 300, height: 400 });
      await expect(readPhotoSize(path.join(dir, "missing.jpg"))).rejects.toBeInstanceOf(UnreadablePhotoError);
    });
  });

  it("reports a file that is not an image as an unreadable photo", async () => {
    const broken = path.join(dir, "broken.jpg");
    await writeFile(broken, "not a jpeg at all");
    await expect(prepareStill({ photo: broken, fit: "cover", size })).rejects.toBeInstanceOf(UnreadablePhotoError);
    await expect(prepareStill({ photo: broken, fit: "cover", size, focus: { x: 0.2, y: 0.5 } })).rejects.toBeInstanceOf(UnreadablePhotoError);
  });

  it("does not blame the photo when its picture cannot be placed (a failure of ours, retried, not a permanent one)", async () => {
    const failing = prepareStill({ photo, fit: "blur", size, into: () => { throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded"); } });
    await expect(failing).rejects.toBeInstanceOf(RangeError);
    await expect(prepareStill({ photo, fit: "cover", size, into: () => createYuv(2, 2) })).rejects.not.toBeInstanceOf(UnreadablePhotoError);
  });
});
