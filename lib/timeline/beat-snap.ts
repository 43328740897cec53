import { MAX_SLIDE_MS, MIN_SLIDE_MS, type Transition } from "../contracts/story-spec";
import { FPS, framesToMs, msToFrames, TRANSITION_MS, type Timeline } from "./timeline";

// "Change slides on the beat": the clip lengths that put every change of
// photo on a beat of the song, measured from where the song starts. A
// change is the middle of its transition (both photos half on screen), or
// the cut when there is no transition; the video's end is on a beat too.
//
// Pure timeline arithmetic on whole frames: the timeline lays clip i+1 at
// start(i) + frames(i) − transition, so the lengths are chosen from the
// change positions (each the frame nearest its beat), never beat by beat
// (rounding each clip to whole frames would add up: at 128 BPM four beats
// are 56.25 frames, and twenty slides would drift 5 frames). Every change
// lands within half a frame (17 ms) of its beat, which is as close as a
// 30 fps video can show it. The lengths are whole milliseconds that round
// to exactly those frames, so the story spec needs nothing new: the preview
// and the renderer, which read the same lengths, change photos on the beat.

/** A steady beat: one at phaseMs (song time) and every periodMs before and after. */
export type BeatTiming = { periodMs: number; phaseMs: number };

/** The beat of the song nearest `songMs`, not before the song's start; whole ms. */
export function snapToBeat(beat: BeatTiming, songMs: number): number {
  const k = Math.round((songMs - beat.phaseMs) / beat.periodMs);
  let at = beat.phaseMs + k * beat.periodMs;
  if (at < 0) at += Math.ceil(-at / beat.periodMs) * beat.periodMs;
  return Math.round(at);
}

/** Frames of overlap between two clips, as computeTimeline makes it for clips of at least MIN_SLIDE_MS. */
export function overlapFrames(transition: Transition, clipCount: number, fps = FPS): number {
  return transition === "none" || clipCount < 2 ? 0 : msToFrames(TRANSITION_MS, fps);
}

/**
 * The clip lengths (ms, title card first when there is one) closest to
 * `durationsMs` that change clips on the beat: each clip's own stretch
 * (from the change before it to the change after it, the video's start or
 * end at the ends) is the whole number of beats nearest to what it was,
 * within MIN_SLIDE_MS..MAX_SLIDE_MS for the clip.
 */
export function snapDurationsToBeats(input: {
  durationsMs: number[];
  transition: Transition;
  beat: BeatTiming;
  /** Where the song starts (ms into the song) at the video's start. */
  startMs: number;
  fps?: number;
}): number[] {
  const { durationsMs, beat } = input;
  const fps = input.fps ?? FPS;
  const n = durationsMs.length;
  if (n === 0) return [];
  if (!(beat.periodMs > 0) || !Number.isFinite(beat.phaseMs)) throw new Error("a beat needs a positive period");
  const overlap = overlapFrames(input.transition, n, fps);
  const minFrames = msToFrames(MIN_SLIDE_MS, fps);
  const maxFrames = msToFrames(MAX_SLIDE_MS, fps);
  /** Video frame (fractional) of the song's beat k. */
  const beatFrame = (k: number) => ((beat.phaseMs + k * beat.periodMs - input.startMs) * fps) / 1000;
  /** The beat index nearest a video frame. */
  const beatIndexAt = (frame: number) => Math.round(((frame * 1000) / fps + input.startMs - beat.phaseMs) / beat.periodMs);

  // Where each change (and the end) goes: the beat nearest the clip's wished-for stretch after the previous one.
  const changes: number[] = [];
  let previous = 0;
  let previousBeat = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const sides = n === 1 ? 0 : i === 0 || i === n - 1 ? 1 : 2;
    const share = (overlap / 2) * sides;
    const wished = msToFrames(durationsMs[i], fps) - share;
    // The stretch must keep the clip within its limits even after each end is rounded to a frame.
    const shortest = minFrames + 1 - share;
    const longest = maxFrames - 1 - share;
    let k = beatIndexAt(previous + wished);
    while (beatFrame(k) - previous < shortest || k <= previousBeat) k += 1;
    while (beatFrame(k) - previous > longest && beatFrame(k - 1) - previous >= shortest && k - 1 > previousBeat) k -= 1;
    if (beatFrame(k) - previous > longest) throw new Error(`a beat every ${Math.round(beat.periodMs)} ms does not fit a clip's length limits`);
    changes.push(beatFrame(k));
    previous = beatFrame(k);
    previousBeat = k;
  }

  // Clip starts: the middle of each transition on its change's frame, the last clip ending on the last beat.
  const starts = [0];
  for (let i = 0; i < n - 1; i += 1) starts.push(Math.round(changes[i] - overlap / 2));
  const end = Math.round(changes[n - 1]);
  const frames = starts.map((start, i) => (i < n - 1 ? starts[i + 1] - start + overlap : end - start));
  return frames.map((f) => framesToMs(f, fps));
}

/**
 * When each change of clip shows (ms from the video's start): the middle of
 * each transition, or the cut; then the video's end. What "on the beat"
 * is measured by.
 */
export function clipChangeTimesMs(timeline: Pick<Timeline, "clips" | "transitions" | "totalFrames" | "fps">): number[] {
  const { fps } = timeline;
  const changes = timeline.clips.slice(1).map((clip, i) => {
    const span = timeline.transitions.find((t) => t.index === i);
    return span ? ((span.startFrame + span.frames / 2) * 1000) / fps : (clip.startFrame * 1000) / fps;
  });
  return [...changes, (timeline.totalFrames * 1000) / fps];
}
