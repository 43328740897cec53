"use client";

import { useCallback, useEffect, useRef, type Dispatch, type SetStateAction } from "react";
import { BEAT_SAMPLE_RATE, detectBeats, mixToMono, type BeatGrid } from "@/lib/timeline";
import type { EditorMusic } from "./editor-model";

// Finds the song's length and beat in the browser: the file the customer
// picked (or, for a story saved before beats were found, the stored song)
// decoded by the Web Audio API at the analysis rate, then
// lib/timeline/beats.ts. The result goes into the music's state (and so into
// the saved draft); nothing is sent anywhere else.

export type SongAnalysis = { songMs: number; beat: BeatGrid | null };

/** Decodes a song and finds its beat. Throws when the browser cannot decode it. */
export async function analyseSong(source: Blob | string): Promise<SongAnalysis> {
  const bytes = typeof source === "string" ? await fetchBytes(source) : await source.arrayBuffer();
  // An offline context decodes and resamples to its own rate; it plays nothing.
  const context = new OfflineAudioContext(1, 1, BEAT_SAMPLE_RATE);
  const buffer = await context.decodeAudioData(bytes);
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, i) => buffer.getChannelData(i));
  // Let the page paint "Finding the beat…" before the analysis takes the main thread (a fraction of a second).
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { songMs: Math.round(buffer.duration * 1000), beat: detectBeats(mixToMono(channels)) };
}

async function fetchBytes(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the song could not be loaded (${response.status})`);
  return response.arrayBuffer();
}

export function useMusicBeat(music: EditorMusic | null, setMusic: Dispatch<SetStateAction<EditorMusic | null>>) {
  /** Songs already being analysed, by music key. */
  const started = useRef(new Set<string>());

  const run = useCallback(
    (key: string, source: Blob | string) => {
      if (started.current.has(key)) return;
      started.current.add(key);
      const update = (patch: Partial<EditorMusic>) => setMusic((current) => (current?.key === key ? { ...current, ...patch } : current));
      Promise.resolve()
        .then(() => update({ beatStatus: "finding" }))
        .then(() => analyseSong(source))
        .then(({ songMs, beat }) =>
          update({ songMs, beat: beat ? { bpm: beat.bpm, periodMs: beat.periodMs, phaseMs: beat.phaseMs } : undefined, beatStatus: beat ? "found" : "none" }),
        )
        .catch(() => update({ beatStatus: "failed" }));
    },
    [setMusic],
  );

  // A song restored from a draft saved before its beat was looked for.
  const key = music?.key;
  const url = music?.url;
  const needsAnalysis = Boolean(music && !music.beatStatus && music.upload.status === "ready");
  useEffect(() => {
    if (key && url && needsAnalysis) run(key, url);
  }, [key, url, needsAnalysis, run]);

  /** Analyses a song the customer just picked, from the file itself. */
  return { analyse: run };
}
