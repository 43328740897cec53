import { describe, expect, it } from "vitest";
import { MAX_SLIDE_MS, MIN_SLIDE_MS, type Transition } from "../contracts/story-spec";
import { clipChangeTimesMs, snapDurationsToBeats, snapToBeat, type BeatTiming } from "./beat-snap";
import { computeTimeline, type TimelineSpec } from "./timeline";

/** Half a frame at 30 fps, plus the half millisecond a whole-ms length may round by. */
const ON_BEAT_MS = 1000 / 30 / 2 + 0.5;

function timelineOf(durations: number[], transition: Transition, withTitle: boolean) {
  const [title, ...slides] = withTitle ? durations : [undefined, ...durations];
  const spec: TimelineSpec = {
    aspectRatio: "16:9",
    resolution: "720p",
    transition,
    titleCard: title === undefined ? undefined : { title: "T", background: "color", backgroundColor: "#000000", textColor: "#ffffff", durationMs: title },
    slides: slides.map((durationMs, i) => ({ assetId: `a${i}`, durationMs: durationMs! })),
  };
  return computeTimeline(spec);
}

/** Distance (ms) from a song time to the nearest beat. */
const offBeat = (beat: BeatTiming, songMs: number) => {
  const k = Math.round((songMs - beat.phaseMs) / beat.periodMs);
  return Math.abs(songMs - (beat.phaseMs + k * beat.periodMs));
};

const WISHES = [3000, 4500, 2000, 7000, 3000, 1000, 10_000, 2500, 3000, 3500, 6000, 3000, 1500, 9000, 3000, 3000, 5000, 2000, 4000, 3000];

describe("snapDurationsToBeats", () => {
  it.each<[number, number, Transition, boolean, number]>([
    [120, 0, "crossfade", false, 0],
    [128, 37.5, "crossfade", false, 0],
    [128, 37.5, "slide", true, 12_037],
    [100, 250, "none", false, 0],
    [87.3, 111, "wipe", true, 45_000],
    [174, 10, "zoom", false, 3_000],
    [70, 600, "none", true, 0],
  ])("at %f BPM (first beat %f ms), %s, title card %s, song from %i ms: every change and the end land on a beat", (bpm, phaseMs, transition, withTitle, startMs) => {
    const beat = { periodMs: 60_000 / bpm, phaseMs };
    const wishes = withTitle ? [3000, ...WISHES] : WISHES;
    const durations = snapDurationsToBeats({ durationsMs: wishes, transition, beat, startMs });
    expect(durations).toHaveLength(wishes.length);
    for (const ms of durations) {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(MIN_SLIDE_MS);
      expect(ms).toBeLessThanOrEqual(MAX_SLIDE_MS);
    }
    const timeline = timelineOf(durations, transition, withTitle);
    const changes = clipChangeTimesMs(timeline);
    expect(changes).toHaveLength(wishes.length);
    for (const change of changes) expect(offBeat(beat, startMs + change)).toBeLessThan(ON_BEAT_MS);
  });

  it("gives each clip the whole number of beats nearest its length", () => {
    // 120 BPM from a beat, crossfade: a clip's stretch is its length less half a transition (0.25 s) per neighbour.
    const beat = { periodMs: 500, phaseMs: 0 };
    const durations = snapDurationsToBeats({ durationsMs: [3100, 3000, 3100, 2900, 2900], transition: "crossfade", beat, startMs: 0 });
    // Stretches wished: 2.85 s, 2.5 s, 2.6 s, 2.4 s, 2.65 s → 6, 5, 5, 5, 5 beats. A transition's middle is half a
    // frame off any frame (15 frames long), so the first clip is a frame longer and the last a frame shorter.
    expect(durations).toEqual([3267, 3000, 3000, 3000, 2733]);
    const changes = clipChangeTimesMs(timelineOf(durations, "crossfade", false));
    [3000, 5500, 8000, 10_500, 13_000].forEach((beatMs, i) => expect(Math.abs(changes[i] - beatMs)).toBeLessThan(ON_BEAT_MS));
  });

  it("is stable: snapping snapped lengths changes nothing", () => {
    const beat = { periodMs: 60_000 / 128, phaseMs: 12 };
    const once = snapDurationsToBeats({ durationsMs: WISHES, transition: "crossfade", beat, startMs: 12 });
    expect(snapDurationsToBeats({ durationsMs: once, transition: "crossfade", beat, startMs: 12 })).toEqual(once);
  });

  it("keeps clips within the length limits at the slowest and fastest tempi", () => {
    const slow = snapDurationsToBeats({ durationsMs: [1000, 1000, 10_000], transition: "crossfade", beat: { periodMs: 60_000 / 70, phaseMs: 0 }, startMs: 0 });
    const fast = snapDurationsToBeats({ durationsMs: [10_000, 10_000, 1000], transition: "none", beat: { periodMs: 60_000 / 180, phaseMs: 0 }, startMs: 0 });
    for (const ms of [...slow, ...fast]) {
      expect(ms).toBeGreaterThanOrEqual(MIN_SLIDE_MS);
      expect(ms).toBeLessThanOrEqual(MAX_SLIDE_MS);
    }
  });

  it("handles one clip and none", () => {
    expect(snapDurationsToBeats({ durationsMs: [], transition: "crossfade", beat: { periodMs: 500, phaseMs: 0 }, startMs: 0 })).toEqual([]);
    expect(snapDurationsToBeats({ durationsMs: [3100], transition: "crossfade", beat: { periodMs: 500, phaseMs: 0 }, startMs: 0 })).toEqual([3000]);
  });

  it("refuses a beat without a period", () => {
    expect(() => snapDurationsToBeats({ durationsMs: [3000], transition: "none", beat: { periodMs: 0, phaseMs: 0 }, startMs: 0 })).toThrow("positive period");
  });
});

describe("snapToBeat", () => {
  it("moves a time to the nearest beat, never before the song's start", () => {
    const beat = { periodMs: 468.75, phaseMs: 100 };
    expect(snapToBeat(beat, 0)).toBe(100);
    expect(snapToBeat(beat, 10_000)).toBe(Math.round(100 + 21 * 468.75));
    expect(snapToBeat({ periodMs: 500, phaseMs: 400 }, 0)).toBe(400);
    expect(snapToBeat({ periodMs: 500, phaseMs: 400 }, 100)).toBe(400);
  });
});

describe("clipChangeTimesMs", () => {
  it("is the middle of each transition, or the cut, then the end", () => {
    expect(clipChangeTimesMs(timelineOf([3000, 3000, 3000], "crossfade", false))).toEqual([2750, 5250, 8000]);
    expect(clipChangeTimesMs(timelineOf([3000, 3000], "none", false))).toEqual([3000, 6000]);
  });
});
