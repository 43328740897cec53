import { describe, expect, it } from "vitest";
import { renderSongSamples, type SongOptions } from "../../tests/support/songs";
import { BEAT_SAMPLE_RATE, detectBeats, mixToMono } from "./beats";

// The detector on songs ffmpeg makes with a known tempo and first beat: the
// tempo must come out within 0.05 BPM and every beat of the song within 5 ms
// (8 ms for drums), so the grid stays on the beat to the end.

const song = (options: Partial<SongOptions> & Pick<SongOptions, "bpm" | "offsetSec">) =>
  renderSongSamples({ seconds: 30, pattern: "click", noise: 0.25, ...options }, BEAT_SAMPLE_RATE);

/** How far (ms) the detected beats are from the true ones, across the whole of a `seconds` long song. */
function worstBeatErrorMs(found: { periodMs: number; phaseMs: number }, truth: { bpm: number; offsetSec: number }, seconds: number) {
  const period = 60_000 / truth.bpm;
  let worst = 0;
  for (let t = truth.offsetSec * 1000; t < seconds * 1000; t += period) {
    const k = Math.round((t - found.phaseMs) / found.periodMs);
    worst = Math.max(worst, Math.abs(found.phaseMs + k * found.periodMs - t));
  }
  return worst;
}

describe("detectBeats", { timeout: 30_000 }, () => {
  it.each([
    { bpm: 100, offsetSec: 0.137 },
    { bpm: 120, offsetSec: 0.31 },
    { bpm: 128, offsetSec: 0.05 },
    { bpm: 87, offsetSec: 0.5 },
    { bpm: 150, offsetSec: 0.222 },
  ])("finds a $bpm BPM click track under pink noise, first click at $offsetSec s", async (truth) => {
    const found = detectBeats(await song(truth));
    expect(found).not.toBeNull();
    expect(Math.abs(found!.bpm - truth.bpm)).toBeLessThan(0.05);
    expect(found!.phaseMs).toBeGreaterThanOrEqual(0);
    expect(found!.phaseMs).toBeLessThan(found!.periodMs);
    expect(worstBeatErrorMs(found!, truth, 30)).toBeLessThan(5);
    expect(found!.confidence).toBeGreaterThan(0.25);
  });

  it.each([
    { bpm: 100, offsetSec: 0.4 },
    { bpm: 120, offsetSec: 0.25 },
    { bpm: 128, offsetSec: 0.1 },
  ])("finds the beat of a $bpm BPM drum pattern (kick on every beat, snare on 2 and 4, hi-hat on the eighths), not its off-beats", async (truth) => {
    const found = detectBeats(await song({ ...truth, pattern: "drums", noise: 0.05 }));
    expect(found).not.toBeNull();
    expect(Math.abs(found!.bpm - truth.bpm)).toBeLessThan(0.05);
    expect(worstBeatErrorMs(found!, truth, 30)).toBeLessThan(8);
  });

  it("keeps the grid on the beat over three minutes", async () => {
    const truth = { bpm: 128, offsetSec: 0.3 };
    const found = detectBeats(await song({ ...truth, seconds: 180 }));
    expect(worstBeatErrorMs(found!, truth, 180)).toBeLessThan(5);
  }, 60_000);

  it("finds no beat in noise, silence or a song shorter than 4 s", async () => {
    const noise = await renderSongSamples({ bpm: 120, offsetSec: 1000, seconds: 20, pattern: "click", noise: 0.5 }, BEAT_SAMPLE_RATE);
    expect(detectBeats(noise)).toBeNull();
    expect(detectBeats(new Float32Array(BEAT_SAMPLE_RATE * 20))).toBeNull();
    expect(detectBeats((await song({ bpm: 120, offsetSec: 0.1 })).subarray(0, BEAT_SAMPLE_RATE * 3))).toBeNull();
  });
});

describe("mixToMono", () => {
  it("averages the channels, and passes one channel through", () => {
    const left = Float32Array.from([1, 0.5, 0]);
    const right = Float32Array.from([0, 0.5, -1]);
    expect(Array.from(mixToMono([left, right]))).toEqual([0.5, 0.5, -0.5]);
    expect(mixToMono([left])).toBe(left);
  });
});
