import { snapDurationsToBeats, snapToBeat, type BeatTiming, type TimelineSpec } from "@/lib/timeline";

// Where the song starts and "Change slides on the beat", applied to a spec
// the editor builds (the preview's and the order's alike, so both play the
// same timeline). The customer's own slide lengths stay in the editor as
// they chose them; on the beat, each becomes the nearest whole number of
// beats (lib/timeline/beat-snap.ts) and the song starts on a beat.

/** What the editor knows about the song's timing (EditorMusic has these fields). */
export type MusicTiming = {
  startMs?: number;
  onBeat?: boolean;
  beat?: BeatTiming & { bpm: number };
};

type TimedSpec = Pick<TimelineSpec, "transition"> & {
  titleCard?: { durationMs: number };
  music?: { assetId: string; startMs?: number };
  slides: Array<{ durationMs: number }>;
};

/** Whether the slides follow the beat: the toggle is on and a beat was found. */
export const isOnBeat = (music: MusicTiming | null | undefined): music is MusicTiming & { beat: BeatTiming & { bpm: number } } =>
  Boolean(music?.onBeat && music.beat);

/** The song's start as the video uses it: on the beat nearest the chosen start when the slides follow the beat. */
export function effectiveStartMs(music: MusicTiming): number {
  const chosen = Math.max(0, Math.round(music.startMs ?? 0));
  return isOnBeat(music) ? snapToBeat(music.beat, chosen) : chosen;
}

/** The spec with the song's start, and on the beat, the clip lengths that change photos on beats. */
export function applyMusicTiming<T extends TimedSpec>(spec: T, music: MusicTiming | null): T {
  if (!spec.music || !music) return spec;
  const startMs = effectiveStartMs(music);
  const timed = { ...spec, music: { ...spec.music, startMs } };
  if (!isOnBeat(music) || spec.slides.length === 0) return timed;
  const clips = [...(spec.titleCard ? [spec.titleCard.durationMs] : []), ...spec.slides.map((slide) => slide.durationMs)];
  const snapped = snapDurationsToBeats({ durationsMs: clips, transition: spec.transition, beat: music.beat, startMs });
  const offset = spec.titleCard ? 1 : 0;
  return {
    ...timed,
    titleCard: spec.titleCard ? { ...spec.titleCard, durationMs: snapped[0] } : spec.titleCard,
    slides: spec.slides.map((slide, i) => ({ ...slide, durationMs: snapped[i + offset] })),
  };
}
