import { describe, expect, it } from "vitest";
import { containRect, coverCrop, coverCropInPixels, focusInPicture, isCentred, keepWindowInside, rectInPixels, windowRect, windowRoom } from "./framing";
import { layerPixels } from "./transitions";

const PHOTO_4_3 = { width: 4000, height: 3000 };
const VERTICAL = { width: 720, height: 1280 };
const WIDE = { width: 1280, height: 720 };

describe("coverCrop", () => {
  it("a 4:3 photo in a 9:16 frame keeps 42% of its width, centred by default", () => {
    const crop = coverCrop(PHOTO_4_3, VERTICAL);
    expect(crop.width).toBeCloseTo((9 / 16) / (4 / 3), 12); // 0.42: 58% of the width is lost
    expect(crop.height).toBe(1);
    expect(crop.x).toBeCloseTo((1 - crop.width) / 2, 12);
    expect(crop.y).toBe(0);
  });

  it("centres on the focus point", () => {
    const crop = coverCrop(PHOTO_4_3, VERTICAL, { x: 0.4, y: 0.9 });
    expect(crop.x + crop.width / 2).toBeCloseTo(0.4, 12);
    expect(crop.y).toBe(0); // nothing to move vertically: the whole height is in
  });

  it("moves back inside the photo when the focus is near an edge", () => {
    expect(coverCrop(PHOTO_4_3, VERTICAL, { x: 0.05, y: 0.5 }).x).toBe(0);
    const right = coverCrop(PHOTO_4_3, VERTICAL, { x: 1, y: 0.5 });
    expect(right.x + right.width).toBeCloseTo(1, 12);
    // The other axis: a 4:3 photo in 16:9 loses height.
    const top = coverCrop(PHOTO_4_3, WIDE, { x: 0.5, y: 0 });
    expect(top).toEqual({ x: 0, y: 0, width: 1, height: 0.75 });
    expect(coverCrop(PHOTO_4_3, WIDE, { x: 0.5, y: 1 }).y).toBeCloseTo(0.25, 12);
  });

  it("a photo of the frame's own shape is kept whole wherever the focus is", () => {
    expect(coverCrop({ width: 1920, height: 1080 }, WIDE, { x: 0.9, y: 0.1 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});

describe("containRect", () => {
  it("fits the whole photo, centred: a 4:3 photo in 9:16 spans the width", () => {
    const rect = containRect(PHOTO_4_3, VERTICAL);
    expect(rect.width).toBe(1);
    expect(rect.height).toBeCloseTo((720 * 0.75) / 1280, 12);
    expect(rect.y).toBeCloseTo((1 - rect.height) / 2, 12);
    expect(containRect(PHOTO_4_3, WIDE)).toMatchObject({ y: 0, height: 1, width: 0.75, x: 0.125 });
  });
});

describe("focusInPicture", () => {
  it("the middle stays the middle, whatever the shapes and the fit", () => {
    for (const fit of ["cover", "blur"] as const) expect(focusInPicture({ photo: PHOTO_4_3, frame: VERTICAL, fit, focus: { x: 0.5, y: 0.5 } })).toEqual({ x: 0.5, y: 0.5 });
  });

  it("cover: a focus the crop centres on is in the middle of the picture; near an edge, where the crop leaves it", () => {
    expect(focusInPicture({ photo: PHOTO_4_3, frame: VERTICAL, fit: "cover", focus: { x: 0.4, y: 0.8 } })).toEqual({ x: expect.closeTo(0.5, 12), y: 0.8 });
    const edge = focusInPicture({ photo: PHOTO_4_3, frame: VERTICAL, fit: "cover", focus: { x: 0.1, y: 0.5 } });
    expect(edge.x).toBeCloseTo(0.1 / ((9 / 16) / (4 / 3)), 12);
  });

  it("blur: where the point lands on the whole photo fitted in the frame", () => {
    expect(focusInPicture({ photo: PHOTO_4_3, frame: WIDE, fit: "blur", focus: { x: 0, y: 0.25 } })).toEqual({ x: 0.125, y: 0.25 });
  });
});

describe("windows and rectangles", () => {
  it("a zoom window is 1/scale of the picture around its centre, in pixels at any size", () => {
    expect(windowRect({ scale: 2, x: 0.5, y: 0.5 })).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
    expect(rectInPixels(windowRect({ scale: 1.25, x: 0.5, y: 0.6 }), { width: 1000, height: 500 })).toEqual({ x: expect.closeTo(100, 9), y: expect.closeTo(100, 9), width: 800, height: 400 });
  });

  it("keepWindowInside moves a centre only as far as the window stays in", () => {
    expect(windowRoom(1)).toBe(0);
    expect(keepWindowInside({ x: 0, y: 1 }, 2)).toEqual({ x: 0.25, y: 0.75 });
    expect(keepWindowInside({ x: 0.4, y: 0.6 }, 2)).toEqual({ x: 0.4, y: 0.6 });
    expect(isCentred({ x: 0.5, y: 0.5 })).toBe(true);
    expect(isCentred({ x: 0.5, y: 0.51 })).toBe(false);
  });
});

describe("coverCropInPixels", () => {
  it("resizes to cover the frame and cuts the frame out at the crop, inside the resized photo", () => {
    const { resize, left, top } = coverCropInPixels(PHOTO_4_3, VERTICAL, { x: 0.25, y: 0.5 });
    expect(resize).toEqual({ width: 1707, height: 1280 });
    expect(top).toBe(0);
    // The crop's left edge (0.25 − 0.21 of the photo) in resized pixels.
    expect(left).toBe(Math.round(coverCrop(PHOTO_4_3, VERTICAL, { x: 0.25, y: 0.5 }).x * 1707));
    for (const x of [0, 0.5, 1]) {
      const cut = coverCropInPixels(PHOTO_4_3, VERTICAL, { x, y: 0.5 });
      expect(cut.left).toBeGreaterThanOrEqual(0);
      expect(cut.left + VERTICAL.width).toBeLessThanOrEqual(cut.resize.width);
    }
  });
});

describe("layerPixels", () => {
  it("shifts and edges in whole even pixels, the same for the preview and the renderer", () => {
    expect(layerPixels({ clip: "incoming", opacity: 1, translateX: 1 - 7 / 15, scale: 1 }, 1280)).toEqual({ shift: 682, right: 1280 });
    expect(layerPixels({ clip: "incoming", opacity: 1, translateX: 0, scale: 1, clipRight: 0.5 }, 180)).toEqual({ shift: 0, right: 90 });
    expect(layerPixels({ clip: "incoming", opacity: 1, translateX: 0, scale: 1, clipRight: 1.4 }, 180).right).toBe(180);
  });
});
