import { describe, expect, it } from "vitest";
import { storySpecSchema } from "../../../lib/contracts/story-spec";
import { computeTimeline } from "../../../lib/timeline";
import { endsStillRun } from "./render-story";

const timelineOf = (transition: "crossfade" | "none", slides: { durationMs: number; kenBurns?: boolean }[]) =>
  computeTimeline(storySpecSchema.parse({ resolution: "720p", transition, slides: slides.map((slide, i) => ({ assetId: `p${i}`, ...slide })) }));

const runEnds = (timeline: ReturnType<typeof timelineOf>) =>
  Array.from({ length: timeline.totalFrames }, (_, at) => at).filter((at) => endsStillRun(timeline, at));

describe("endsStillRun (a still is sent again on the last frame of its run)", () => {
  it("is the frame before each transition, every transition frame, and the video's last frame", () => {
    // 2 s + 2 s + 1 s at 30 fps, overlapped by two 0.5 s crossfades (frames 45–59 and 90–104): 120 frames.
    const timeline = timelineOf("crossfade", [{ durationMs: 2000 }, { durationMs: 2000 }, { durationMs: 1000 }]);
    expect(timeline.totalFrames).toBe(120);
    expect(timeline.transitions.map((t) => [t.startFrame, t.frames])).toEqual([[45, 15], [90, 15]]);
    // A transition frame is never followed by the same still (they are pool frames, sent anyway).
    const frames = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    expect(runEnds(timeline)).toEqual([44, ...frames(45, 15), 89, ...frames(90, 15), 119]);
  });

  it("with cuts, is each clip's last frame", () => {
    const timeline = timelineOf("none", [{ durationMs: 1000 }, { durationMs: 1000 }, { durationMs: 1500 }]);
    expect(timeline.totalFrames).toBe(105);
    expect(runEnds(timeline)).toEqual([29, 59, 104]);
  });
});
