import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import { storySpecSchema } from "../../../lib/contracts/story-spec";
import { computeTimeline, frameAt, KEN_BURNS_ZOOM, kenBurnsAt, kenBurnsMotionFor, transitionLayers } from "../../../lib/timeline";
import { CaptionPainter, captionRect } from "./draw-text";
import { drawLayers } from "./draw-transition";
import { ClipKernels, KernelPool, type MovingPicture } from "./pixels/kernel-pool";
import { compositeOverlay, resampleWindowScalar } from "./pixels/reference";
import { SimdKernel } from "./pixels/simd-kernel";
import { kenBurnsPictureSize, prepareClip, type PreparedClip } from "./prepare-clip";
import { prepareStill } from "./prepare-still";
import { BUFFER_GARBAGE_LIMIT, clipGarbageCollector } from "./release-memory";
import { createRenderResources } from "./render-resources";
import { FramePool, generateStoryFrames } from "./story-frames";
import { createYuv } from "./yuv";

/** Resources whose memory hooks do nothing (the tests below that count them pass their own). */
const quietResources = () => createRenderResources({ collectClipGarbage: () => undefined, releaseFreeMemory: () => false });

describe("kenBurnsPictureSize", () => {
  it.each([
    [{ width: 1920, height: 1080 }, { width: 2208, height: 1242 }],
    [{ width: 1080, height: 1920 }, { width: 1242, height: 2208 }],
    [{ width: 720, height: 720 }, { width: 828, height: 828 }],
  ])("%j → %j: the frame at the deepest zoom, even sizes", (size, expected) => {
    expect(kenBurnsPictureSize(size)).toEqual(expected);
    expect(expected.width).toBeGreaterThanOrEqual(size.width * KEN_BURNS_ZOOM);
  });
});

describe("captionRect", () => {
  const size = { width: 1280, height: 720 };
  it("covers the box plus room for the shadow, with even edges", () => {
    const rect = captionRect({ box: { x: 401.5, y: 577.3, width: 477, height: 94 }, fontSize: 43 }, size);
    expect(rect).toEqual({ x: 374, y: 550, width: 532, height: 148 });
    for (const value of Object.values(rect)) expect(value % 2).toBe(0);
  });
  it("stays inside the frame", () => {
    const rect = captionRect({ box: { x: -10, y: 690, width: 1300, height: 80 }, fontSize: 58 }, size);
    expect(rect).toEqual({ x: 0, y: 654, width: 1280, height: 66 });
  });
});

describe("FramePool", () => {
  it("reuses released frames and ignores frames it did not hand out", () => {
    const pool = new FramePool({ width: 4, height: 2 });
    const a = pool.acquire();
    expect(a.data.length).toBe(12);
    expect(pool.owns(a)).toBe(true);
    pool.release(a);
    pool.release(a);
    expect(pool.acquire()).toBe(a);
    expect(pool.acquire()).not.toBe(a);
    const foreign = { width: 4, height: 2, data: Buffer.alloc(12) };
    expect(pool.owns(foreign)).toBe(false); // a still picture: the renderer sends it once
    pool.release(foreign);
    expect(pool.acquire()).not.toBe(foreign);
  });
});

/** A 1:1 720p story of one-second slides with crossfades, one per asset. */
const oneSecondSlides = (assetIds: string[]) =>
  computeTimeline(
    storySpecSchema.parse({ aspectRatio: "1:1", resolution: "720p", transition: "crossfade", slides: assetIds.map((assetId) => ({ assetId, durationMs: 1000 })) }),
  );

describe("prepareClip", () => {
  it("converts a Ken Burns photo straight into the kernel that draws it: nothing copied in, the clip keeps only a handle", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-prepare-clip-"));
    const copies = vi.spyOn(SimdKernel.prototype as unknown as { loadSource: () => void }, "loadSource");
    const clipKernels = new ClipKernels(new KernelPool());
    try {
      const photo = path.join(dir, "photo.jpg");
      const pixels = Buffer.alloc(400 * 300 * 3);
      for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 37 + ((i / 1200) | 0) * 11) & 0xff;
      await sharp(pixels, { raw: { width: 400, height: 300, channels: 3 } }).jpeg({ quality: 95 }).toFile(photo);
      const timeline = computeTimeline(storySpecSchema.parse({ resolution: "720p", slides: [{ assetId: "a", caption: "Zoom", kenBurns: true }] }));
      const size = timeline.size;
      const spaces = vi.spyOn(clipKernels, "pictureSpace");
      const clip = await prepareClip({ clip: timeline.clips[0], photos: [photo], size, clipKernels, resources: { captions: new CaptionPainter() } });
      expect(spaces).toHaveBeenCalledTimes(1);
      expect(copies).not.toHaveBeenCalled();
      if (clip.kind !== "moving") throw new Error("expected a Ken Burns clip");
      expect(clip.picture).toEqual({ held: "kernel", key: expect.any(Object), size: kenBurnsPictureSize(size) });
      // It draws the photo and its caption, as from a picture of its own.
      const window = kenBurnsAt(clip.motion, 10, clip.frames);
      const out = createYuv(size.width, size.height);
      clipKernels.resample({ picture: clip.picture, target: out, window });
      const expected = createYuv(size.width, size.height);
      resampleWindowScalar(await prepareStill({ photo, fit: "cover", size: kenBurnsPictureSize(size) }), expected, window);
      const slide = timeline.clips[0];
      if (slide.kind === "title") throw new Error("expected a slide");
      compositeOverlay(expected, new CaptionPainter().caption("Zoom", slide.captionStyle, size)!);
      expect(out.data.equals(expected.data)).toBe(true);
    } finally {
      copies.mockRestore();
      clipKernels.release();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("generateStoryFrames", () => {
  it("runs a garbage collection after preparing each clip when gc is exposed", async () => {
    const gc = vi.fn();
    const resources = createRenderResources({ collectClipGarbage: clipGarbageCollector(gc), releaseFreeMemory: () => false });
    {
      const timeline = oneSecondSlides(["a", "b", "c"]);
      const prepare: typeof prepareClip = async ({ clip, size }) => ({ kind: "still", picture: createYuv(size.width, size.height), frames: clip.frames });
      const pool = new FramePool(timeline.size);
      let frames = 0;
      for await (const frame of generateStoryFrames({ timeline, photos: ["a.jpg", "b.jpg", "c.jpg"], pool, resources, prepare })) {
        frames += 1;
        pool.release(frame);
      }
      expect(frames).toBe(timeline.totalFrames);
      // One minor collection per clip; a major one besides only when buffer
      // memory piled up (clipGarbageCollector, tested below), which depends on
      // this process.
      const types = gc.mock.calls.map(([options]) => (options as { type: string }).type);
      expect(types.filter((type) => type === "minor")).toHaveLength(timeline.clips.length);
      expect(types.filter((type) => type !== "minor" && type !== "major")).toEqual([]);
      expect(types[0]).toBe("minor");
    }
  });

  it("hands free memory back after preparing each clip, and prepares no more than one clip ahead", async () => {
    const releaseFreeMemory = vi.fn(() => true);
    const resources = createRenderResources({ collectClipGarbage: () => undefined, releaseFreeMemory });
    {
      const timeline = oneSecondSlides(["a", "b", "c", "d"]);
      const started: number[] = [];
      const prepare: typeof prepareClip = async ({ clip, size }) => {
        started.push(clip.index);
        return { kind: "still", picture: createYuv(size.width, size.height), frames: clip.frames };
      };
      const pool = new FramePool(timeline.size);
      let frame = 0;
      for await (const out of generateStoryFrames({ timeline, photos: ["a", "b", "c", "d"], pool, resources, prepare })) {
        if (frame === 0) expect(started).toEqual([0, 1]); // on screen and the next
        frame += 1;
        pool.release(out);
      }
      expect(started).toEqual([0, 1, 2, 3]);
      expect(releaseFreeMemory).toHaveBeenCalledTimes(timeline.clips.length);
    }
  });

  it.each(["crossfade", "wipe"] as const)(
    "a %s out of a Ken Burns clip, drawn onto the outgoing frame, equals the layers drawn into a fresh frame",
    async (transition) => {
      const timeline = computeTimeline(
        storySpecSchema.parse({ aspectRatio: "1:1", resolution: "720p", transition, slides: ["a", "b"].map((assetId) => ({ assetId, durationMs: 1000, kenBurns: true })) }),
      );
      const noise = (seed: number, size: { width: number; height: number }) => {
        const picture = createYuv(size.width, size.height);
        for (let i = 0; i < picture.data.length; i += 1) picture.data[i] = (i * 31 + seed * 97 + (i >> 7)) & 0xff;
        return picture;
      };
      const clips = timeline.clips.map((clip, i) => {
        const picture: MovingPicture = { held: "clip", picture: noise(i + 1, kenBurnsPictureSize(timeline.size)), overlay: null };
        return { kind: "moving", motion: kenBurnsMotionFor(clip.kenBurns!), picture, frames: clip.frames, source: picture.picture } satisfies PreparedClip & { source: unknown };
      });
      const prepare: typeof prepareClip = async ({ clip }) => clips[clip.index];
      const pool = new FramePool(timeline.size);
      const resources = quietResources();
      let frame = 0;
      let transitionFrames = 0;
      for await (const out of generateStoryFrames({ timeline, photos: ["a", "b"], pool, resources, prepare })) {
        const at = frameAt(timeline, frame);
        if (at.transition) {
          transitionFrames += 1;
          const clipFrameOf = (clip: (typeof clips)[number], n: number) => {
            const image = createYuv(timeline.size.width, timeline.size.height);
            resources.kernels.resampleWindow(clip.source, image, kenBurnsAt(clip.motion, n, clip.frames));
            return image;
          };
          const outgoing = clipFrameOf(clips[at.clip.index], at.clipFrame);
          const incoming = clipFrameOf(clips[at.clip.index + 1], at.transition.nextFrame);
          const expected = createYuv(timeline.size.width, timeline.size.height);
          drawLayers(resources.kernels, expected, transitionLayers(transition, at.transition.progress), (layer) => (layer.clip === "outgoing" ? outgoing : incoming));
          expect(out.data.equals(expected.data)).toBe(true);
        }
        frame += 1;
        pool.release(out);
      }
      expect(transitionFrames).toBeGreaterThan(0);
    },
  );
});

describe("clipGarbageCollector", () => {
  it("runs a minor collection after every clip, and a major one once buffers grew by the limit since the last", () => {
    const calls: string[] = [];
    let buffers = 30 << 20;
    const collect = clipGarbageCollector(({ type }) => {
      calls.push(type);
      if (type === "major") buffers = 20 << 20; // what the major collection freed
    }, () => buffers);
    collect(); // the first: nothing measured yet
    expect(calls).toEqual(["minor", "major"]);
    buffers += BUFFER_GARBAGE_LIMIT; // exactly the limit: not yet
    collect();
    expect(calls).toEqual(["minor", "major", "minor"]);
    buffers += 1;
    collect();
    expect(calls).toEqual(["minor", "major", "minor", "minor", "major"]);
  });

  it("does nothing without gc (Node not started with --expose-gc)", () => {
    const buffers = vi.fn(() => 1 << 30);
    clipGarbageCollector(null, buffers)();
    expect(buffers).not.toHaveBeenCalled();
  });
});
