import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { computeTimeline } from "../../lib/timeline";
import { renderStory } from "../../worker/src/render/render-story";
import { frameDifference, grabFrame, makePhoto, probeVideo, readTopLevelBoxes } from "../support/media";

// Real ffmpeg on photos generated here; checks the file, not our arguments.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-render-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function render(name: string, specInput: unknown, photoCount: number, photoSize?: { width: number; height: number }) {
  const workDir = path.join(dir, name);
  await mkdir(workDir);
  const photos = await Promise.all(
    Array.from({ length: photoCount }, (_, i) => makePhoto(path.join(workDir, `in-${i}.jpg`), { seed: i + 1, ...photoSize })),
  );
  const spec = storySpecSchema.parse(specInput);
  const progress: number[] = [];
  const result = await renderStory({ spec, photos, workDir, onProgress: (p) => progress.push(p) });
  return { result, spec, progress };
}

describe("renderStory", () => {
  it("renders a 3-photo 720p story that matches the timeline", async () => {
    const { result, spec, progress } = await render(
      "three",
      {
        slides: [
          { assetId: "a", caption: "Day one", durationMs: 2000 },
          { assetId: "b", caption: "it's 50% off: {a} \\ b", durationMs: 2000 },
          { assetId: "c", durationMs: 3000 },
        ],
      },
      3,
    );
    const timeline = computeTimeline(spec);
    const probe = await probeVideo(result.video);
    expect(probe).toMatchObject({ codec: "h264", profile: "High", pixFmt: "yuv420p", width: 1280, height: 720 });
    expect(Math.abs(probe.frames - timeline.totalFrames)).toBeLessThanOrEqual(1);
    expect(Math.abs(probe.durationSec - timeline.durationMs / 1000)).toBeLessThanOrEqual(1 / timeline.fps + 1e-6);
    const boxes = await readTopLevelBoxes(result.video);
    expect(boxes).toEqual(expect.arrayContaining(["moov", "mdat"]));
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));

    // Middle of each slide's own (non-overlapping) time.
    const middles = timeline.clips.map((s) => (s.startFrame + s.frames / 2) / timeline.fps);
    const frames = await Promise.all(middles.map((t) => grabFrame(result.video, t)));
    expect(frameDifference(frames[0], frames[1])).toBeGreaterThan(10);
    expect(frameDifference(frames[1], frames[2])).toBeGreaterThan(10);
    // Progress only moves forward and reaches the end.
    expect(progress.length).toBeGreaterThan(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBeCloseTo(1, 2);
  });

  it("renders 1080p portrait with no transitions, frame-exact", async () => {
    const { result, spec } = await render(
      "portrait",
      { aspectRatio: "9:16", resolution: "1080p", transition: "none", slides: [{ assetId: "a", durationMs: 1000 }, { assetId: "b", durationMs: 1500 }] },
      2,
      { width: 800, height: 600 },
    );
    const probe = await probeVideo(result.video);
    expect(probe).toMatchObject({ width: 1080, height: 1920, codec: "h264" });
    expect(probe.frames).toBe(computeTimeline(spec).totalFrames);
  });

  it("stops ffmpeg when the job is aborted", async () => {
    const controller = new AbortController();
    const workDir = path.join(dir, "abort");
    await mkdir(workDir);
    const photo = await makePhoto(path.join(workDir, "in.jpg"), { seed: 9 });
    const spec = storySpecSchema.parse({ resolution: "1080p", slides: Array.from({ length: 3 }, () => ({ assetId: "a", durationMs: 10000 })) });
    const rendering = renderStory({
      spec,
      photos: [photo, photo, photo],
      workDir,
      signal: controller.signal,
      onProgress: (p) => p > 0.2 && controller.abort(new Error("test abort")),
    });
    await expect(rendering).rejects.toThrow("test abort");
  });
});
