import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { buildWasm } from "../../../../scripts/build-wasm";
import { createYuv, type YuvImage } from "../yuv";
import { ClipKernels, KernelPool, type MovingPicture } from "./kernel-pool";
import { compositeOverlay, resampleWindowScalar, rgbaToYuvOverlay, type Window } from "./reference";
import { compileKernelModule, SimdKernel } from "./simd-kernel";

const compiled = compileKernelModule();
function newKernel(): SimdKernel {
  if (!compiled) throw new Error("this Node has no WebAssembly SIMD");
  return new SimdKernel(compiled);
}

/** A deterministic pseudo-random picture (xorshift), so every sample differs from its neighbours. */
function noise(width: number, height: number, seed: number): YuvImage {
  const image = createYuv(width, height);
  let state = seed * 2 + 1; // odd, so never 0, and a different picture for every seed
  for (let i = 0; i < image.data.length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    image.data[i] = state & 0xff;
  }
  return image;
}

function bothWays(source: YuvImage, width: number, height: number, window: Window) {
  const simd = newKernel();
  const fast = createYuv(width, height).data.fill(7);
  const reference = createYuv(width, height);
  const done = simd.resample(source, { width, height, data: fast }, window);
  resampleWindowScalar(source, reference, window);
  return { done, fast, reference: reference.data };
}

describe("the SIMD resampler", () => {
  it("is the committed pixels.wasm, built from pixels.wat", async () => {
    const committed = await readFile(new URL("./pixels.wasm", import.meta.url));
    expect(Buffer.from(await buildWasm("worker/src/render/pixels/pixels.wat")).equals(committed)).toBe(true);
  });

  // Frame sizes whose plane widths are and are not multiples of 16 (the
  // kernel's block), Ken Burns pictures 1.15× the frame, windows that pan,
  // zoom, touch the edges and sit between pixels.
  it.each<[string, [number, number], [number, number], Window]>([
    ["1080p Ken Burns, start", [2208, 1242], [1920, 1080], { scale: 1.15 * 1, x: 0.5, y: 0.5 }],
    ["1080p Ken Burns, zoomed and panned off-centre", [2208, 1242], [1920, 1080], { scale: 1.3, x: 0.41234, y: 0.6172 }],
    ["whole picture, downscaled (step 1.15)", [2208, 1242], [1920, 1080], { scale: 1, x: 0.5, y: 0.5 }],
    ["9:16 720p: chroma rows of 360", [828, 1472], [720, 1280], { scale: 1.2, x: 0.47, y: 0.53 }],
    ["odd small sizes", [94, 62], [78, 50], { scale: 1.07, x: 0.5003, y: 0.4999 }],
    ["a window running off the edge (clamped)", [200, 120], [160, 96], { scale: 1.5, x: 0.9, y: 0.1 }],
    ["the zoom transition: same size, enlarged", [320, 180], [320, 180], { scale: 1.37, x: 0.5, y: 0.5 }],
    ["identity", [64, 48], [64, 48], { scale: 1, x: 0.5, y: 0.5 }],
  ])("gives resampleWindowScalar's exact bytes: %s", (_name, [sw, sh], [tw, th], window) => {
    const { done, fast, reference } = bothWays(noise(sw, sh, sw * 31 + th), tw, th, window);
    expect(done).toBe(true);
    expect(fast.equals(reference)).toBe(true);
  });

  it("declines a window so zoomed out that a block spans more than 32 source columns, and KernelPool.resampleWindow falls back", () => {
    const source = noise(400, 200, 3);
    const { done, fast } = bothWays(source, 160, 80, { scale: 0.2, x: 0.5, y: 0.5 });
    expect(done).toBe(false);
    expect(fast.every((value) => value === 7)).toBe(true); // untouched
    const viaDispatch = createYuv(160, 80);
    const reference = createYuv(160, 80);
    new KernelPool().resampleWindow(source, viaDispatch, { scale: 0.2, x: 0.5, y: 0.5 });
    resampleWindowScalar(source, reference, { scale: 0.2, x: 0.5, y: 0.5 });
    expect(viaDispatch.data.equals(reference.data)).toBe(true);
  });

  it("copies a keyed source once, and a new key (or none) reads the pixels again", () => {
    const simd = newKernel();
    const window = { scale: 1.1, x: 0.5, y: 0.5 };
    const source = noise(96, 64, 5);
    const expected = createYuv(80, 48);
    resampleWindowScalar(source, expected, window);
    const key = {};
    const out = createYuv(80, 48);
    expect(simd.resample(source, out, window, key)).toBe(true);
    expect(out.data.equals(expected.data)).toBe(true);
    // Same key: the kernel uses the copy it has (a keyed picture does not change while its clip lives).
    const changed = noise(96, 64, 6);
    expect(simd.resample({ ...source, data: changed.data }, out, window, key)).toBe(true);
    expect(out.data.equals(expected.data)).toBe(true);
    // A new key, or no key, copies again.
    const expectedChanged = createYuv(80, 48);
    resampleWindowScalar(changed, expectedChanged, window);
    expect(simd.resample(changed, out, window, {})).toBe(true);
    expect(out.data.equals(expectedChanged.data)).toBe(true);
    expect(simd.resample(source, out, window)).toBe(true);
    expect(out.data.equals(expected.data)).toBe(true);
  });

  /** A caption-like overlay: random colours, alpha 0 (a quarter), 255 (a quarter) or anything between. */
  function randomOverlay(rect: { x: number; y: number; width: number; height: number }, seed: number) {
    const rgba = new Uint8Array(rect.width * rect.height * 4);
    let state = seed * 2 + 1; // odd, so never 0, and a different picture for every seed
    for (let i = 0; i < rgba.length; i += 1) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      rgba[i] = state & 0xff;
    }
    for (let i = 3; i < rgba.length; i += 4) {
      const kind = rgba[i] & 3;
      if (kind === 0) rgba[i] = 0;
      else if (kind === 1) rgba[i] = 255;
    }
    return rgbaToYuvOverlay(rgba, rect);
  }

  it.each([
    ["inside, width not a multiple of 16", { x: 100, y: 40, width: 302, height: 58 }],
    ["touching the right and bottom edges", { x: 1920 - 418, y: 1080 - 120, width: 418, height: 120 }],
    ["at the top-left corner", { x: 0, y: 0, width: 64, height: 16 }],
    ["across several of the kernel's 64-row bands, odd chroma rows at their edges", { x: 200, y: 126, width: 1000, height: 306 }],
    ["partly outside the frame (clipped by the JavaScript path)", { x: -20, y: 1000, width: 200, height: 100 }],
  ])("composites the caption over a Ken Burns frame exactly as compositeOverlay does: %s", (_name, rect) => {
    const simd = newKernel();
    const source = noise(2208, 1242, 11);
    const overlay = randomOverlay(rect, rect.width * 7 + rect.y);
    const key = {};
    for (const window of [{ scale: 1.15, x: 0.5, y: 0.5 }, { scale: 1.2, x: 0.49, y: 0.52 }]) {
      const out = createYuv(1920, 1080);
      expect(simd.resample(source, out, window, key, overlay)).toBe(true);
      const expected = createYuv(1920, 1080);
      resampleWindowScalar(source, expected, window);
      compositeOverlay(expected, overlay);
      expect(out.data.equals(expected.data)).toBe(true);
    }
  });

  it("a new overlay with the same key is loaded (a clip's caption is part of its key)", () => {
    const simd = newKernel();
    const source = noise(240, 136, 2);
    const key = {};
    const window = { scale: 1.1, x: 0.5, y: 0.5 };
    for (const seed of [1, 2]) {
      const overlay = randomOverlay({ x: 10, y: 20, width: 100, height: 40 }, seed);
      const out = createYuv(208, 118);
      simd.resample(source, out, window, key, overlay);
      const expected = createYuv(208, 118);
      resampleWindowScalar(source, expected, window);
      compositeOverlay(expected, overlay);
      expect(out.data.equals(expected.data)).toBe(true);
    }
  });

  it("ClipKernels keeps two clips loaded (a transition between two Ken Burns clips) and stays exact when three alternate", () => {
    const clipKernels = new ClipKernels(new KernelPool());
    const clips = [1, 2, 3].map((seed): MovingPicture => ({ held: "clip", picture: noise(120, 70, seed), overlay: randomOverlay({ x: 8, y: 6, width: 40, height: 20 }, seed) }));
    for (const order of [[0, 1, 0, 1], [2, 0, 1, 2, 1, 0]]) {
      for (const [step, at] of order.entries()) {
        const clip = clips[at];
        if (clip.held !== "clip") throw new Error("unreachable");
        const window = { scale: 1.1 + step * 0.01, x: 0.5, y: 0.5 };
        const out = createYuv(104, 60);
        clipKernels.resample({ picture: clip, target: out, window });
        const expected = createYuv(104, 60);
        resampleWindowScalar(clip.picture, expected, window);
        compositeOverlay(expected, clip.overlay!);
        expect(out.data.equals(expected.data)).toBe(true);
      }
    }
  });

  it("ClipKernels draws a clip loaded ahead, held only by its kernel, and a zoom layer in between evicts nothing", () => {
    const pool = new KernelPool();
    const clipKernels = new ClipKernels(pool);
    const frame = { width: 104, height: 60 };
    const clips = [1, 2].map((seed) => {
      const source = noise(120, 70, seed);
      const overlay = randomOverlay({ x: 8, y: 6, width: 40, height: 20 }, seed);
      const picture = clipKernels.load({ source, frame, key: {}, overlay });
      expect(picture).toEqual({ held: "kernel", key: expect.any(Object), size: { width: 120, height: 70 } });
      return { source, overlay, picture };
    });
    for (const [step, clip] of [clips[0], clips[1], clips[0], clips[1]].entries()) {
      const window = { scale: 1.05 + step * 0.02, x: 0.49, y: 0.51 };
      const out = createYuv(frame.width, frame.height);
      clipKernels.resample({ picture: clip.picture, target: out, window });
      const expected = createYuv(frame.width, frame.height);
      resampleWindowScalar(clip.source, expected, window);
      compositeOverlay(expected, clip.overlay);
      expect(out.data.equals(expected.data)).toBe(true);
      pool.resampleWindow(noise(frame.width, frame.height, 9), createYuv(frame.width, frame.height), { scale: 1.3, x: 0.5, y: 0.5 });
    }
  });

  it.each([
    ["a released ClipKernels", (clipKernels: ClipKernels) => clipKernels.release(), new KernelPool()],
    ["a pool without the kernel (no WebAssembly SIMD)", () => undefined, new KernelPool(null)],
  ] as const)("%s takes no kernel: its pictures stay with their clips, drawn in JavaScript", (_name, prepare, pool) => {
    const clipKernels = new ClipKernels(pool);
    prepare(clipKernels);
    const frame = { width: 104, height: 60 };
    expect(clipKernels.pictureSpace({ picture: { width: 120, height: 70 }, frame, key: {} })).toBeNull();
    const source = noise(120, 70, 12);
    const overlay = randomOverlay({ x: 8, y: 6, width: 40, height: 20 }, 12);
    const picture = clipKernels.load({ source, frame, key: {}, overlay });
    expect(picture).toEqual({ held: "clip", picture: source, overlay });
    const out = createYuv(frame.width, frame.height);
    clipKernels.resample({ picture, target: out, window: { scale: 1.1, x: 0.5, y: 0.5 } });
    const expected = createYuv(frame.width, frame.height);
    resampleWindowScalar(source, expected, { scale: 1.1, x: 0.5, y: 0.5 });
    compositeOverlay(expected, overlay);
    expect(out.data.equals(expected.data)).toBe(true);
  });

  it("kernels released by one render serve the next one exactly, holding nothing of the first", () => {
    const frame = { width: 104, height: 60 };
    const window = { scale: 1.1, x: 0.5, y: 0.5 };
    const pool = new KernelPool();
    const first = new ClipKernels(pool);
    const key = {};
    const loaded = first.load({ source: noise(120, 70, 6), frame, key, overlay: null });
    first.release();
    const next = new ClipKernels(pool);
    // The first render's handle names nothing in the kernels the pool hands out again.
    expect(() => next.resample({ picture: loaded, target: createYuv(frame.width, frame.height), window })).toThrow(/evicted/);
    const source = noise(120, 70, 10);
    const out = createYuv(frame.width, frame.height);
    next.resample({ picture: { held: "clip", picture: source, overlay: null }, target: out, window });
    const expected = createYuv(frame.width, frame.height);
    resampleWindowScalar(source, expected, window);
    expect(out.data.equals(expected.data)).toBe(true);
  });

  it("ClipKernels refuses to draw a clip whose only copy was evicted by a third", () => {
    const clipKernels = new ClipKernels(new KernelPool());
    const frame = { width: 104, height: 60 };
    const [first] = [1, 2, 3].map((seed) => clipKernels.load({ source: noise(120, 70, seed), frame, key: {}, overlay: null }));
    expect(first.held).toBe("kernel");
    expect(() => clipKernels.resample({ picture: first, target: createYuv(frame.width, frame.height), window: { scale: 1.1, x: 0.5, y: 0.5 } })).toThrow(/evicted/);
  });

  it("ClipKernels draws a picture written straight into its kernel (pictureSpace) as one copied in, and keeps it across other clips", () => {
    const clipKernels = new ClipKernels(new KernelPool());
    const frame = { width: 104, height: 60 };
    const picture = { width: 120, height: 70 };
    const clips = [4, 5].map((seed) => {
      const source = noise(picture.width, picture.height, seed);
      const overlay = randomOverlay({ x: 10, y: 8, width: 36, height: 18 }, seed);
      const key = {};
      const space = clipKernels.pictureSpace({ picture, frame, key });
      if (!space) throw new Error("this Node has no WebAssembly SIMD");
      expect(space.data.length).toBe(source.data.length);
      space.data.set(source.data);
      const loaded = clipKernels.load({ source: space, frame, key, overlay });
      expect(loaded.held).toBe("kernel");
      return { loaded, source, overlay };
    });
    for (const [step, clip] of [clips[0], clips[1], clips[0]].entries()) {
      const window = { scale: 1.02 + step * 0.04, x: 0.5, y: 0.49 };
      const out = createYuv(frame.width, frame.height);
      clipKernels.resample({ picture: clip.loaded, target: out, window });
      const expected = createYuv(frame.width, frame.height);
      resampleWindowScalar(clip.source, expected, window);
      compositeOverlay(expected, clip.overlay);
      expect(out.data.equals(expected.data)).toBe(true);
    }
  });

  it("adopts a pictureSpace without copying it", () => {
    const kernel = newKernel();
    const copies = vi.spyOn(kernel as unknown as { loadSource: () => void }, "loadSource");
    const frame = { width: 104, height: 60 };
    const key = {};
    const space = kernel.pictureSpace({ width: 120, height: 70 }, frame, key);
    space.data.set(noise(120, 70, 3).data);
    kernel.load(space, frame, key, null);
    expect(copies).not.toHaveBeenCalled();
    expect(kernel.holds(key)).toBe(true);
  });

  it("refuses to load a pictureSpace that another picture, or another layout, took over before the load", () => {
    const kernel = newKernel();
    const frame = { width: 104, height: 60 };
    const key = {};
    const space = kernel.pictureSpace({ width: 120, height: 70 }, frame, key);
    kernel.load(noise(120, 70, 8), frame, {}, null); // copied over the space
    expect(() => kernel.load(space, frame, key, null)).toThrow(/overwritten/);
    const second = kernel.pictureSpace({ width: 120, height: 70 }, frame, key);
    kernel.resample(noise(300, 200, 2), createYuv(260, 150), { scale: 1.1, x: 0.5, y: 0.5 }); // a layout for other sizes
    expect(() => kernel.load(second, frame, key, null)).toThrow(/overwritten/);
  });

  it("grows its memory for a larger picture after a smaller one", () => {
    const simd = newKernel();
    for (const [sw, sh, tw, th] of [[64, 48, 48, 32], [2208, 1242, 1920, 1080], [94, 62, 78, 50]]) {
      const source = noise(sw, sh, sw);
      const out = createYuv(tw, th);
      const expected = createYuv(tw, th);
      expect(simd.resample(source, out, { scale: 1.05, x: 0.52, y: 0.48 })).toBe(true);
      resampleWindowScalar(source, expected, { scale: 1.05, x: 0.52, y: 0.48 });
      expect(out.data.equals(expected.data)).toBe(true);
    }
  });
});
