"use client";

import { useId } from "react";
import { MAX_MUSIC_START_MS } from "@/lib/contracts/story-spec";
import { Toggle, focusRing } from "./controls";
import { formatTime } from "./draw-frame";
import type { EditorMusic } from "./editor-model";
import { effectiveStartMs, isOnBeat } from "./music-timing";

/** "2.8 s, 3.3 s and 2.8 s" */
function listSeconds(ms: number[]): string {
  const shown = ms.map((value) => `${(value / 1000).toFixed(1)} s`);
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}` : (shown[0] ?? "");
}

/** Where the song starts and "Change slides on the beat", in the music panel. */
export function MusicTimingSettings(props: {
  music: EditorMusic;
  onChange: (patch: Partial<EditorMusic>) => void;
  /** How long each photo is on screen in the preview's timeline (on the beat, these differ from the lengths chosen). */
  photoLengthsMs?: number[];
}) {
  const startId = useId();
  const { music } = props;
  const chosenStart = music.startMs ?? 0;
  // The start may go up to a second before the song's end (once the browser has measured it).
  const maxStart = music.songMs ? Math.max(0, Math.min(MAX_MUSIC_START_MS, music.songMs - 1000)) : 0;
  const usedStart = effectiveStartMs(music);
  return (
    <div className="space-y-3 rounded-xl border border-stone-200 px-3 py-3">
      <div>
        <div className="mb-1 flex items-baseline justify-between">
          <label htmlFor={startId} className="text-sm font-medium text-stone-800">
            Song starts at
          </label>
          <output htmlFor={startId} className="text-sm tabular-nums text-stone-700" data-testid="music-start">
            {formatTime(usedStart)}
          </output>
        </div>
        <input
          id={startId}
          type="range"
          min={0}
          max={maxStart}
          step={100}
          value={Math.min(chosenStart, maxStart)}
          disabled={!music.songMs}
          aria-valuetext={`${formatTime(chosenStart)} into the song`}
          onChange={(event) => props.onChange({ startMs: Number(event.target.value) })}
          className={`w-full accent-rose-700 disabled:opacity-50 ${focusRing}`}
        />
        {music.songMs ? (
          <p className="text-xs text-stone-600">
            The song is {formatTime(music.songMs)} long.{isOnBeat(music) && usedStart !== chosenStart ? " It starts on the beat nearest your choice." : ""}
          </p>
        ) : null}
      </div>
      {music.beatStatus === "found" && music.beat ? (
        <Toggle
          label="Change slides on the beat"
          description={`${Math.round(music.beat.bpm)} BPM. Each photo lasts the whole number of beats nearest its length, and every change of photo lands on a beat.`}
          checked={Boolean(music.onBeat)}
          onChange={(onBeat) => props.onChange({ onBeat })}
        />
      ) : (
        <p className="text-sm text-stone-700" data-testid="beat-status">
          {music.beatStatus === "none"
            ? "No steady beat was found in this song, so slides cannot follow it."
            : music.beatStatus === "failed"
              ? "This browser could not read the song to find its beat or where to start it; the song still plays in the video from its beginning."
              : "Finding the beat…"}
        </p>
      )}
      {isOnBeat(music) && props.photoLengthsMs && props.photoLengthsMs.length > 0 && (
        <p className="text-xs text-stone-600" data-testid="beat-lengths">
          On the beat, {props.photoLengthsMs.length === 1 ? "the photo lasts" : "the photos last"} {listSeconds(props.photoLengthsMs)}.
        </p>
      )}
      {music.beat && (
        <p className="sr-only" data-testid="beat-info" data-bpm={music.beat.bpm} data-period-ms={music.beat.periodMs} data-phase-ms={music.beat.phaseMs} />
      )}
    </div>
  );
}
