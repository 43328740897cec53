import { describe, expect, it } from "vitest";
import type { AspectRatio, Resolution } from "../contracts/story-spec";
import {
  computeTimeline,
  FPS,
  frameAt,
  framesToMs,
  getFrameSize,
  KEN_BURNS_ZOOM,
  kenBurnsAt,
  kenBurnsMotion,
  kenBurnsMotionFor,
  msToFrames,
  musicGainAt,
  transitionProgress,
  type KenBurnsMotion,
  type TimelineSpec,
} from "./timeline";

function spec(durations: number[], overrides: Partial<TimelineSpec> = {}): TimelineSpec {
  return {
    aspectRatio: "16:9",
    resolution: "720p",
    transition: "crossfade",
    slides: durations.map((durationMs, i) => ({ assetId: `asset-${i}`, durationMs })),
    ...overrides,
  };
}

describe("getFrameSize", () => {
  it.each<[AspectRatio, Resolution, number, number]>([
    ["16:9", "720p", 1280, 720],
    ["16:9", "1080p", 1920, 1080],
    ["9:16", "720p", 720, 1280],
    ["9:16", "1080p", 1080, 1920],
    ["1:1", "720p", 720, 720],
    ["1:1", "1080p", 1080, 1080],
  ])("%s at %s is %ix%i", (aspectRatio, resolution, width, height) => {
    expect(getFrameSize(aspectRatio, resolution)).toEqual({ width, height });
  });
});

describe("msToFrames / framesToMs", () => {
  it("uses 30 fps", () => {
    expect(FPS).toBe(30);
  });

  it.each([
    [0, 0],
    [1000, 30],
    [3000, 90],
    [500, 15],
    [666, 20], // 19.98 rounds to 20
    [10_000, 300],
    [16, 0], // 0.48 rounds down
    [17, 1], // 0.51 rounds up
  ])("msToFrames(%i) = %i", (ms, frames) => {
    expect(msToFrames(ms)).toBe(frames);
  });

  it.each([
    [0, 0],
    [30, 1000],
    [15, 500],
    [240, 8000],
    [1, 33], // 33.33 rounds to 33
    [2, 67], // 66.67 rounds to 67
  ])("framesToMs(%i) = %i", (frames, ms) => {
    expect(framesToMs(frames)).toBe(ms);
  });

  it("accepts another frame rate", () => {
    expect(msToFrames(1000, 25)).toBe(25);
    expect(framesToMs(50, 25)).toBe(2000);
  });
});

describe("computeTimeline", () => {
  it("lays out 3 crossfaded 3 s slides: 90 frames each, 15-frame transitions, 240 frames", () => {
    const timeline = computeTimeline(spec([3000, 3000, 3000]));
    expect(timeline.fps).toBe(30);
    expect(timeline.size).toEqual({ width: 1280, height: 720 });
    expect(timeline.transitionFrames).toBe(15);
    expect(timeline.totalFrames).toBe(240);
    expect(timeline.durationMs).toBe(8000);
    expect(timeline.clips.map(({ index, assetId, frames, startFrame, endFrame }) => ({ index, assetId, frames, startFrame, endFrame }))).toEqual([
      { index: 0, assetId: "asset-0", frames: 90, startFrame: 0, endFrame: 90 },
      { index: 1, assetId: "asset-1", frames: 90, startFrame: 75, endFrame: 165 },
      { index: 2, assetId: "asset-2", frames: 90, startFrame: 150, endFrame: 240 },
    ]);
    expect(timeline.transitions).toEqual([
      { index: 0, style: "crossfade", startFrame: 75, frames: 15 },
      { index: 1, style: "crossfade", startFrame: 150, frames: 15 },
    ]);
  });

  it("each transition starts where the next slide starts and ends where the previous slide ends", () => {
    const timeline = computeTimeline(spec([2000, 4500, 1000, 7000]));
    expect(timeline.transitions).toHaveLength(3);
    timeline.transitions.forEach((transition) => {
      expect(transition.startFrame).toBe(timeline.clips[transition.index + 1].startFrame);
      expect(transition.startFrame + transition.frames).toBe(timeline.clips[transition.index].endFrame);
    });
    expect(timeline.clips.at(-1)!.endFrame).toBe(timeline.totalFrames);
  });

  it.each<[string, number[], "crossfade" | "none", number]>([
    ["3 × 3 s crossfade", [3000, 3000, 3000], "crossfade", 240],
    ["3 × 3 s no transition", [3000, 3000, 3000], "none", 270],
    ["2 s + 5 s crossfade", [2000, 5000], "crossfade", 60 + 150 - 15],
    ["5 × 1 s crossfade", [1000, 1000, 1000, 1000, 1000], "crossfade", 150 - 4 * 15],
    ["single 4 s slide", [4000], "crossfade", 120],
  ])("%s: totalFrames = sum(frames) - (n-1) × transitionFrames = %i", (_name, durations, transition, total) => {
    const timeline = computeTimeline(spec(durations, { transition }));
    const sum = timeline.clips.reduce((acc, slide) => acc + slide.frames, 0);
    expect(timeline.totalFrames).toBe(total);
    expect(timeline.totalFrames).toBe(sum - (durations.length - 1) * timeline.transitionFrames);
    expect(timeline.durationMs).toBe(framesToMs(total));
  });

  it('transition "none" lays slides back to back with no transitions', () => {
    const timeline = computeTimeline(spec([3000, 3000, 3000], { transition: "none" }));
    expect(timeline.transitionFrames).toBe(0);
    expect(timeline.transitions).toEqual([]);
    expect(timeline.totalFrames).toBe(270);
    expect(timeline.durationMs).toBe(9000);
    expect(timeline.clips.map((s) => s.startFrame)).toEqual([0, 90, 180]);
  });

  it("a single slide has no transitions even with crossfade", () => {
    const timeline = computeTimeline(spec([3000]));
    expect(timeline.transitionFrames).toBe(0);
    expect(timeline.transitions).toEqual([]);
    expect(timeline.totalFrames).toBe(90);
    expect(timeline.durationMs).toBe(3000);
    expect(timeline.clips).toHaveLength(1);
    expect(timeline.clips[0]).toMatchObject({ startFrame: 0, endFrame: 90, frames: 90 });
  });

  it("1 s slides keep the full 15-frame transition (exactly half a slide)", () => {
    const timeline = computeTimeline(spec([1000, 1000]));
    expect(timeline.transitionFrames).toBe(15);
    expect(timeline.totalFrames).toBe(45);
  });

  it("clamps the transition to half the shortest slide (666 ms = 20 frames → 10-frame transition)", () => {
    const timeline = computeTimeline(spec([666, 3000, 3000]));
    expect(timeline.clips[0].frames).toBe(20);
    expect(timeline.transitionFrames).toBe(10);
    expect(timeline.transitions.map((t) => t.frames)).toEqual([10, 10]);
    expect(timeline.totalFrames).toBe(20 + 90 + 90 - 2 * 10);
    expect(timeline.clips.map((s) => s.startFrame)).toEqual([0, 10, 90]);
  });

  it("clamp uses floor for odd frame counts (700 ms = 21 frames → 10)", () => {
    const timeline = computeTimeline(spec([3000, 700]));
    expect(timeline.clips[1].frames).toBe(21);
    expect(timeline.transitionFrames).toBe(10);
  });

  it("gives every slide at least one frame", () => {
    const timeline = computeTimeline(spec([0], { transition: "none" }));
    expect(timeline.clips[0].frames).toBe(1);
    expect(timeline.totalFrames).toBe(1);
  });

  it("carries asset ids and captions through", () => {
    const timeline = computeTimeline({
      ...spec([]),
      slides: [
        { assetId: "a", durationMs: 3000, caption: "hello" },
        { assetId: "b", durationMs: 3000 },
      ],
    });
    expect(timeline.clips.map((s) => [s.assetId, s.kind === "photo" ? s.caption : null])).toEqual([
      ["a", "hello"],
      ["b", undefined],
    ]);
  });

  it("uses the spec's frame size", () => {
    expect(computeTimeline(spec([3000], { aspectRatio: "9:16", resolution: "1080p" })).size).toEqual({
      width: 1080,
      height: 1920,
    });
  });

  it("is deterministic: the same spec twice gives equal timelines", () => {
    const input = spec([1234, 5678, 1000, 9999]);
    const first = computeTimeline(input);
    const second = computeTimeline(structuredClone(input));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });
});

describe("title card, options and music", () => {
  const card = { title: "Hello", background: "color", backgroundColor: "#000000", textColor: "#ffffff", durationMs: 2000 } as const;

  it("puts the title card first and shifts the slides after it", () => {
    const timeline = computeTimeline({ ...spec([3000, 3000]), titleCard: card });
    expect(timeline.clips.map((s) => [s.kind, s.index, s.startFrame, s.frames])).toEqual([
      ["title", 0, 0, 60],
      ["photo", 1, 45, 90],
      ["photo", 2, 120, 90],
    ]);
    expect(timeline.transitions.map((t) => t.index)).toEqual([0, 1]);
    expect(timeline.totalFrames).toBe(60 + 90 + 90 - 2 * 15);
    const photo = timeline.clips[1];
    expect(photo.kind === "photo" && photo.slideIndex).toBe(0);
  });

  it("a photo title card shows the first slide's photo", () => {
    const timeline = computeTimeline({ ...spec([3000]), titleCard: { ...card, background: "photo" } });
    expect(timeline.clips[0]).toMatchObject({ kind: "title", assetId: "asset-0" });
    const colour = computeTimeline({ ...spec([3000]), titleCard: card });
    expect(colour.clips[0]).toMatchObject({ kind: "title", assetId: undefined });
  });

  it("fills caption style, fit, focus and Ken Burns defaults", () => {
    const timeline = computeTimeline(spec([3000]));
    expect(timeline.clips[0]).toMatchObject({
      captionStyle: { position: "bottom", size: "medium", color: "#ffffff", background: "box" },
      fit: "cover",
      focus: { x: 0.5, y: 0.5 },
      kenBurns: null,
    });
  });

  it("carries each slide's focus and Ken Burns direction; a photo title card takes the first slide's focus", () => {
    const timeline = computeTimeline({
      ...spec([3000, 3000]),
      titleCard: { ...card, background: "photo" },
      slides: [
        { assetId: "a", durationMs: 3000, focus: { x: 0.2, y: 0.7 } },
        { assetId: "b", durationMs: 3000, kenBurns: true, kenBurnsDirection: "pan" },
      ],
    });
    expect(timeline.clips.map((clip) => [clip.focus, clip.kenBurns])).toEqual([
      [{ x: 0.2, y: 0.7 }, null],
      [{ x: 0.2, y: 0.7 }, null],
      [{ x: 0.5, y: 0.5 }, { direction: "pan", turn: 1 }],
    ]);
  });

  const expectInside = (motion: KenBurnsMotion) => {
    for (const point of [motion.from, motion.to]) {
      const half = 0.5 / point.scale;
      expect(point.scale).toBeGreaterThanOrEqual(1);
      expect(point.x - half).toBeGreaterThanOrEqual(-1e-9);
      expect(point.x + half).toBeLessThanOrEqual(1 + 1e-9);
      expect(point.y - half).toBeGreaterThanOrEqual(-1e-9);
      expect(point.y + half).toBeLessThanOrEqual(1 + 1e-9);
    }
  };

  it("gives Ken Burns slides alternating motions that stay inside the photo", () => {
    const timeline = computeTimeline({
      ...spec([3000, 3000, 3000, 3000, 3000]),
      slides: [0, 1, 2, 3, 4].map((i) => ({ assetId: `a${i}`, durationMs: 3000, kenBurns: true })),
    });
    const motions = timeline.clips.map((s) => kenBurnsMotionFor(s.kenBurns!));
    expect(new Set(motions.slice(0, 4).map((m) => JSON.stringify(m))).size).toBe(4);
    expect(motions[4]).toEqual(motions[0]);
    for (const motion of motions) expectInside(motion);
  });

  const z = KEN_BURNS_ZOOM;
  const room = 0.5 - 0.5 / z;

  it("with the default direction and focus, the four motions of before, exactly (old orders render as they did)", () => {
    // The motions every Ken Burns slide had before directions and focus points, written out.
    const before = [
      { from: { scale: 1, x: 0.5, y: 0.5 }, to: { scale: z, x: 0.5 - room * 0.6, y: 0.5 - room * 0.6 } },
      { from: { scale: z, x: 0.5 + room * 0.6, y: 0.5 + room * 0.6 }, to: { scale: 1, x: 0.5, y: 0.5 } },
      { from: { scale: 1, x: 0.5, y: 0.5 }, to: { scale: z, x: 0.5 + room * 0.6, y: 0.5 + room * 0.6 } },
      { from: { scale: z, x: 0.5 - room * 0.6, y: 0.5 - room * 0.6 }, to: { scale: 1, x: 0.5, y: 0.5 } },
    ];
    for (let turn = 0; turn < 8; turn += 1) {
      expect(kenBurnsMotionFor({ direction: "auto", turn }, { x: 0.5, y: 0.5 })).toStrictEqual(before[turn % 4]);
      expect(kenBurnsMotion(turn)).toStrictEqual(before[turn % 4]);
    }
  });

  it("zoom in ends on the focus, zoom out starts on it, whatever the slide's place", () => {
    const focus = { x: 0.45, y: 0.56 };
    for (const turn of [0, 1]) {
      expect(kenBurnsMotionFor({ direction: "in", turn }, focus)).toEqual({ from: { scale: 1, x: 0.5, y: 0.5 }, to: { scale: z, ...focus } });
      expect(kenBurnsMotionFor({ direction: "out", turn }, focus)).toEqual({ from: { scale: z, ...focus }, to: { scale: 1, x: 0.5, y: 0.5 } });
    }
    // "auto" with a focus: in, out, in… on it.
    expect(kenBurnsMotionFor({ direction: "auto", turn: 2 }, focus)).toEqual(kenBurnsMotionFor({ direction: "in", turn: 0 }, focus));
    expect(kenBurnsMotionFor({ direction: "auto", turn: 3 }, focus)).toEqual(kenBurnsMotionFor({ direction: "out", turn: 0 }, focus));
    // A centred focus and an explicit direction: straight in to the middle.
    expect(kenBurnsMotionFor({ direction: "in", turn: 0 }).to).toEqual({ scale: z, x: 0.5, y: 0.5 });
  });

  it("a focus near an edge: the window goes as far as it can without leaving the picture", () => {
    const motion = kenBurnsMotionFor({ direction: "in", turn: 0 }, { x: 0.02, y: 0.97 });
    expect(motion.to.x).toBeCloseTo(0.5 - room, 12);
    expect(motion.to.y).toBeCloseTo(0.5 + room, 12);
    expectInside(motion);
  });

  it("pan: at the deepest zoom from one side to the other, ending on the focus's side, at its height", () => {
    expect(kenBurnsMotionFor({ direction: "pan", turn: 0 })).toEqual({ from: { scale: z, x: 0.5 - room, y: 0.5 }, to: { scale: z, x: 0.5 + room, y: 0.5 } });
    const left = kenBurnsMotionFor({ direction: "pan", turn: 0 }, { x: 0.3, y: 0.46 });
    expect(left).toEqual({ from: { scale: z, x: 0.5 + room, y: 0.46 }, to: { scale: z, x: 0.5 - room, y: 0.46 } });
    for (const focus of [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 0.7, y: 0.1 }]) expectInside(kenBurnsMotionFor({ direction: "pan", turn: 0 }, focus));
  });

  it("plans music to fade out over the last 2 s, or half of a short video", () => {
    expect(computeTimeline({ ...spec([3000, 3000]), music: { assetId: "m" } }).music).toEqual({
      assetId: "m",
      startMs: 0,
      fadeOutStartMs: 5500 - 2000,
      fadeOutMs: 2000,
    });
    expect(computeTimeline({ ...spec([3000]), music: { assetId: "m" } }).music).toMatchObject({ fadeOutStartMs: 1500, fadeOutMs: 1500 });
    expect(computeTimeline(spec([3000])).music).toBeNull();
  });

  it("keeps where the song starts; the fade is still at the video's end", () => {
    expect(computeTimeline({ ...spec([3000, 3000]), music: { assetId: "m", startMs: 42_500 } }).music).toEqual({
      assetId: "m",
      startMs: 42_500,
      fadeOutStartMs: 3500,
      fadeOutMs: 2000,
    });
  });
});

describe("kenBurnsAt / musicGainAt / transitionProgress / frameAt", () => {
  it("moves linearly from the first to the last frame", () => {
    const motion = { from: { scale: 1, x: 0.5, y: 0.5 }, to: { scale: 1.2, x: 0.4, y: 0.6 } };
    expect(kenBurnsAt(motion, 0, 91)).toEqual(motion.from);
    expect(kenBurnsAt(motion, 90, 91)).toEqual(motion.to);
    const middle = kenBurnsAt(motion, 45, 91);
    expect(middle.scale).toBeCloseTo(1.1, 10);
    expect(middle.x).toBeCloseTo(0.45, 10);
    // Steady: equal steps between frames, smaller than a pixel at 1080p.
    const step = kenBurnsAt(motion, 11, 91).x - kenBurnsAt(motion, 10, 91).x;
    expect(kenBurnsAt(motion, 61, 91).x - kenBurnsAt(motion, 60, 91).x).toBeCloseTo(step, 12);
    expect(step).not.toBe(0);
  });

  it("music gain is 1 until the fade, then falls linearly to 0", () => {
    const plan = { assetId: "m", startMs: 0, fadeOutStartMs: 8000, fadeOutMs: 2000 };
    expect(musicGainAt(plan, 0)).toBe(1);
    expect(musicGainAt(plan, 8000)).toBe(1);
    expect(musicGainAt(plan, 9000)).toBeCloseTo(0.5);
    expect(musicGainAt(plan, 10_000)).toBe(0);
    expect(musicGainAt(plan, 12_000)).toBe(0);
  });

  it("transition progress is k/frames", () => {
    expect([0, 1, 7, 14].map((k) => transitionProgress(k, 15))).toEqual([0, 1 / 15, 7 / 15, 14 / 15]);
  });

  it("frameAt names the clip, and both clips with the progress inside a transition", () => {
    const timeline = computeTimeline(spec([3000, 3000]));
    expect(frameAt(timeline, 10)).toMatchObject({ clip: { index: 0 }, clipFrame: 10 });
    expect(frameAt(timeline, 10).transition).toBeUndefined();
    const inside = frameAt(timeline, 80);
    expect(inside.clip.index).toBe(0);
    expect(inside.transition).toMatchObject({ next: { index: 1 }, nextFrame: 5, progress: 5 / 15 });
    expect(frameAt(timeline, 100)).toMatchObject({ clip: { index: 1 }, clipFrame: 25 });
    expect(frameAt(timeline, 10_000)).toMatchObject({ clip: { index: 1 }, clipFrame: timeline.totalFrames - 1 - 75 });
  });
});
