import { describe, expect, it } from "vitest";
import { transitionLayers } from "../../../lib/timeline";
import { drawLayer, drawLayers } from "./draw-transition";
import { KernelPool } from "./pixels/kernel-pool";
import { blendWholeScalar, compositeOverlay, fillBlack, rgbaToYuvOverlay } from "./pixels/reference";
import { createYuv, planesOf, rgbToYuv420p, rgbToYuvPixel, yuv420pToRgb, type YuvImage } from "./yuv";

const kernels = new KernelPool();
const withoutKernel = new KernelPool(null);
const resampleWindow: KernelPool["resampleWindow"] = (source, target, window) => kernels.resampleWindow(source, target, window);

/** A picture whose every plane sample is f(x, y) of that plane. */
function pictureOf(width: number, height: number, f: (x: number, y: number, plane: number) => number): YuvImage {
  const image = createYuv(width, height);
  planesOf(image).forEach((plane, p) => {
    for (let y = 0; y < plane.height; y += 1) for (let x = 0; x < plane.width; x += 1) image.data[plane.offset + y * plane.width + x] = f(x, y, p);
  });
  return image;
}

const lumaAt = (image: YuvImage, x: number, y: number) => image.data[y * image.width + x];
const solid = (width: number, height: number, y: number, u = 128, v = 128) => pictureOf(width, height, (_x, _y, p) => [y, u, v][p]);

describe("rgbToYuv420p (BT.709 limited range)", () => {
  it.each<[string, [number, number, number], [number, number, number]]>([
    ["black", [0, 0, 0], [16, 128, 128]],
    ["white", [255, 255, 255], [235, 128, 128]],
    ["red", [255, 0, 0], [63, 102, 240]],
    ["green", [0, 255, 0], [173, 42, 26]],
    ["blue", [0, 0, 255], [32, 240, 118]],
  ])("%s", (_name, rgb, yuv) => {
    expect(rgbToYuvPixel(...rgb)).toEqual(yuv);
    const image = rgbToYuv420p(Buffer.from([...rgb, ...rgb, ...rgb, ...rgb]), 2, 2);
    expect([...image.data]).toEqual([yuv[0], yuv[0], yuv[0], yuv[0], yuv[1], yuv[2]]);
  });

  it("averages chroma over each 2×2 block and reads RGBA too", () => {
    const rgba = Buffer.from([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255]);
    const image = rgbToYuv420p(rgba, 2, 2, 4);
    expect([...image.data.subarray(0, 4)]).toEqual([63, 63, 32, 32]);
    expect(image.data[4]).toBe(Math.round((102 + 240) / 2));
  });

  it("round-trips through yuv420pToRgb within a few levels", () => {
    const rgb = Buffer.alloc(4 * 4 * 3);
    for (let i = 0; i < rgb.length; i += 3) rgb.set([200, 120, 40], i);
    const back = yuv420pToRgb(rgbToYuv420p(rgb, 4, 4));
    for (let i = 0; i < rgb.length; i += 1) expect(Math.abs(back[i] - rgb[i])).toBeLessThanOrEqual(2);
  });

  it("refuses odd sizes", () => {
    expect(() => createYuv(3, 2)).toThrow("even");
  });
});

describe("resampleWindow", () => {
  const ramp = pictureOf(64, 32, (x, y, p) => (p === 0 ? x * 3 + y : 128));

  it("copies exactly when the window is the whole picture at the same size", () => {
    const out = createYuv(64, 32);
    resampleWindow(ramp, out, { scale: 1, x: 0.5, y: 0.5 });
    expect(out.data.equals(ramp.data)).toBe(true);
  });

  it("moves by fractions of a pixel: a quarter-pixel pan shifts a ramp by a quarter step", () => {
    const out = createYuv(64, 32);
    resampleWindow(ramp, out, { scale: 1, x: 0.5 + 0.25 / 64, y: 0.5 });
    // Luma ramp step is 3 per pixel: a quarter pixel is 0.75.
    expect(lumaAt(out, 10, 5) - lumaAt(ramp, 10, 5)).toBe(1); // 0.75, rounded
    const half = createYuv(64, 32);
    resampleWindow(ramp, half, { scale: 1, x: 0.5 + 0.5 / 64, y: 0.5 });
    expect(lumaAt(half, 10, 5) - lumaAt(ramp, 10, 5)).toBe(2); // 1.5, rounded
    expect(lumaAt(half, 10, 5)).toBeGreaterThan(lumaAt(out, 10, 5));
  });

  it("zooms about the window centre: scale 2 shows the middle half, enlarged", () => {
    const out = createYuv(64, 32);
    resampleWindow(ramp, out, { scale: 2, x: 0.5, y: 0.5 });
    // Output x=0 samples source x = 16 - 0.25; output x=63 samples 47.25.
    // Output (0, 16) samples source (15.75, 15.75): 3 × 15.75 + 15.75.
    expect(lumaAt(out, 0, 16)).toBe(63);
    expect(lumaAt(out, 32, 16) - lumaAt(out, 30, 16)).toBe(3); // half the slope: 2 output pixels = 1 source pixel
  });

  it("samples a larger picture down to the frame (the Ken Burns still)", () => {
    const big = pictureOf(128, 64, (x, _y, p) => (p === 0 ? x : 128));
    const out = createYuv(64, 32);
    resampleWindow(big, out, { scale: 1, x: 0.5, y: 0.5 });
    expect(lumaAt(out, 0, 0)).toBe(1); // source 0.5 between 0 and 1 → rounds to 1
    expect(lumaAt(out, 40, 0)).toBe(81);
  });
});

describe("drawLayer follows transitionLayers", () => {
  const outgoing = solid(32, 16, 200, 100, 150);
  const incoming = solid(32, 16, 40, 160, 90);
  const frame = () => fillBlack(createYuv(32, 16));

  it("crossfade: the incoming layer at opacity p over the outgoing", () => {
    const out = frame();
    drawLayer(kernels, out, outgoing, { clip: "outgoing", opacity: 1, translateX: 0, scale: 1 });
    drawLayer(kernels, out, incoming, { clip: "incoming", opacity: 0.5, translateX: 0, scale: 1 });
    expect(lumaAt(out, 5, 5)).toBe(120);
    const [, u, v] = planesOf(out);
    expect(out.data[u.offset]).toBe(130);
    expect(out.data[v.offset]).toBe(120);
  });

  it("slide: both shifted left; the incoming enters from the right", () => {
    const out = frame();
    drawLayer(kernels, out, outgoing, { clip: "outgoing", opacity: 1, translateX: -0.25, scale: 1 });
    drawLayer(kernels, out, incoming, { clip: "incoming", opacity: 1, translateX: 0.75, scale: 1 });
    expect(lumaAt(out, 0, 3)).toBe(200);
    expect(lumaAt(out, 23, 3)).toBe(200);
    expect(lumaAt(out, 24, 3)).toBe(40);
    expect(lumaAt(out, 31, 3)).toBe(40);
  });

  it("slide shifts content, not just colour: column x shows the outgoing's column x + shift", () => {
    const striped = pictureOf(32, 16, (x, _y, p) => (p === 0 ? x * 4 : 128));
    const out = frame();
    drawLayer(kernels, out, striped, { clip: "outgoing", opacity: 1, translateX: -0.25, scale: 1 });
    expect(lumaAt(out, 0, 0)).toBe(8 * 4);
    expect(lumaAt(out, 10, 0)).toBe(18 * 4);
    expect(lumaAt(out, 24, 0)).toBe(16); // uncovered: black
  });

  it("wipe: the incoming only left of clipRight, a hard edge", () => {
    const out = frame();
    drawLayer(kernels, out, outgoing, { clip: "outgoing", opacity: 1, translateX: 0, scale: 1 });
    drawLayer(kernels, out, incoming, { clip: "incoming", opacity: 1, translateX: 0, scale: 1, clipRight: 0.5 });
    expect(lumaAt(out, 15, 8)).toBe(40);
    expect(lumaAt(out, 16, 8)).toBe(200);
  });

  it("zoom: the layer is enlarged about the centre", () => {
    const square = pictureOf(32, 16, (x, y, p) => (p === 0 ? (x >= 12 && x < 20 && y >= 4 && y < 12 ? 235 : 16) : 128));
    const out = frame();
    drawLayer(kernels, out, square, { clip: "outgoing", opacity: 1, translateX: 0, scale: 1.5 });
    // The 8-pixel square becomes 12 pixels: x 10..21.
    expect(lumaAt(out, 10, 8)).toBeGreaterThan(150);
    expect(lumaAt(out, 21, 8)).toBeGreaterThan(150);
    expect(lumaAt(out, 8, 8)).toBe(16);
    expect(lumaAt(out, 23, 8)).toBe(16);
  });

  it.each(["crossfade", "slide", "wipe", "zoom"] as const)("drawLayers (%s) equals black, then each layer, whatever the frame held before", (style) => {
    const a = pictureOf(48, 32, (x, y, p) => (x * 5 + y * 3 + p * 40) & 255);
    const b = pictureOf(48, 32, (x, y, p) => (x * 11 + y * 7 + p * 90) & 255);
    for (const progress of [0, 0.3, 0.5, 1]) {
      const layers = transitionLayers(style, progress);
      const expected = fillBlack(createYuv(48, 32));
      for (const layer of layers) drawLayer(kernels, expected, layer.clip === "outgoing" ? a : b, layer);
      const out = createYuv(48, 32);
      out.data.fill(77); // a reused pool frame: whatever the last frame left
      drawLayers(kernels, out, layers, (layer) => (layer.clip === "outgoing" ? a : b));
      expect(out.data.equals(expected.data)).toBe(true);
    }
  });

  it("drawLayers paints black where the first layer leaves the frame uncovered", () => {
    const out = createYuv(32, 16);
    out.data.fill(77);
    drawLayers(kernels, out, [{ clip: "outgoing", opacity: 1, translateX: 0.25, scale: 1 }], () => outgoing);
    expect(lumaAt(out, 0, 0)).toBe(16);
    expect(lumaAt(out, 7, 15)).toBe(16);
    expect(lumaAt(out, 8, 0)).toBe(200);
  });

  it("opacity 0 draws nothing", () => {
    const out = frame();
    drawLayer(kernels, out, incoming, { clip: "incoming", opacity: 0, translateX: 0, scale: 1 });
    expect(out.data.equals(frame().data)).toBe(true);
  });
});

const blendWhole = (target: Buffer, source: Buffer, alpha: number) => kernels.blendWhole(target, source, alpha);
const blendWholeInJavaScript = (target: Buffer, source: Buffer, alpha: number) => withoutKernel.blendWhole(target, source, alpha);

describe("KernelPool.blendWhole (SIMD) and blendWholeScalar", () => {
  it.each([
    ...[0, 1, 64, 128, 200, 255, 256].map((alpha) => ["blendWhole", blendWhole, alpha] as const),
    ...[1, 200].map((alpha) => ["blendWhole without the kernel", blendWholeInJavaScript, alpha] as const),
    ...[1, 128, 255].map((alpha) => ["blendWholeScalar", blendWholeScalar, alpha] as const),
  ])("%s matches the per-sample formula at alpha %i/256, odd lengths included", (_name, blend, alpha) => {
    for (const length of [4096, 4099, 17, 3]) {
      const target = Buffer.alloc(length);
      const source = Buffer.alloc(length);
      for (let i = 0; i < length; i += 1) {
        target[i] = (i * 37) & 255;
        source[i] = (i * 101 + 7) & 255;
      }
      const expected = target.map((t, i) => (t * (256 - alpha) + source[i] * alpha + 128) >> 8);
      blend(target, source, alpha);
      expect(target.equals(Buffer.from(expected))).toBe(true);
    }
  });
});

describe("caption overlays", () => {
  it("composites source-over: opaque replaces, transparent keeps, half alpha blends", () => {
    const rgba = new Uint8Array(4 * 2 * 4);
    const pixel = (i: number, r: number, g: number, b: number, a: number) => rgba.set([r, g, b, a], i * 4);
    pixel(0, 255, 255, 255, 255);
    pixel(1, 255, 255, 255, 255);
    pixel(4, 255, 255, 255, 255);
    pixel(5, 255, 255, 255, 255); // left 2×2 block opaque white
    pixel(2, 255, 255, 255, 128);
    pixel(3, 255, 255, 255, 128);
    pixel(6, 255, 255, 255, 128);
    pixel(7, 255, 255, 255, 128); // right 2×2 block half white
    const overlay = rgbaToYuvOverlay(rgba, { x: 2, y: 2, width: 4, height: 2 });
    const frame = solid(8, 8, 16, 90, 200);
    compositeOverlay(frame, overlay);
    expect(lumaAt(frame, 2, 2)).toBe(235);
    expect(lumaAt(frame, 4, 2)).toBe(Math.round((16 * 127 + 235 * 128) / 255));
    expect(lumaAt(frame, 0, 0)).toBe(16);
    expect(lumaAt(frame, 6, 2)).toBe(16);
    const [, u] = planesOf(frame);
    expect(frame.data[u.offset + 1 * u.width + 1]).toBe(128); // opaque white chroma
    expect(frame.data[u.offset]).toBe(90);
  });

  it("keeps the largest premultiplied values exactly in its 16-bit planes", () => {
    // Opaque white (luma 235), pure blue (U 240) and pure red (V 240): the maxima, 235·255 and 240·255.
    const rgba = new Uint8Array(6 * 2 * 4);
    const colours = [[255, 255, 255], [0, 0, 255], [255, 0, 0]];
    for (let i = 0; i < 12; i += 1) rgba.set([...colours[Math.floor((i % 6) / 2)], 255], i * 4);
    const overlay = rgbaToYuvOverlay(rgba, { x: 0, y: 0, width: 6, height: 2 });
    expect(overlay.lumaPremultiplied[0]).toBe(235 * 255);
    expect(overlay.uPremultiplied[1]).toBe(240 * 255);
    expect(overlay.vPremultiplied[2]).toBe(240 * 255);
    expect([...overlay.chromaAlpha]).toEqual([255, 255, 255]);
    const frame = solid(6, 2, 16, 128, 128);
    compositeOverlay(frame, overlay);
    const [, u, v] = planesOf(frame);
    expect([frame.data[0], frame.data[u.offset + 1], frame.data[v.offset + 2]]).toEqual([235, 240, 240]);
  });

  it("refuses odd rectangles (chroma would misalign)", () => {
    expect(() => rgbaToYuvOverlay(new Uint8Array(12), { x: 1, y: 0, width: 3, height: 1 })).toThrow("even");
  });
});
