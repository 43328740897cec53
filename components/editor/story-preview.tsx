"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { framesToMs, musicGainAt, type Timeline } from "@/lib/timeline";
import { fontTextsKey, loadFontTexts, timelineFontTexts } from "./caption-fonts";
import { focusRing } from "./controls";
import { createFittedCache, drawFrame, formatTime, type PhotoSource } from "./draw-frame";

// The live preview: the story's timeline (lib/timeline, the renderer's own
// timing) drawn frame by frame on a canvas the size of the video, played
// with requestAnimationFrame at the timeline's fps. Music plays in an
// <audio> element, from the song's start (music.startMs) at the picture's
// position, its volume following the video's fade-out.

export type PreviewPhoto = { url: string; isRemote: boolean };

export function StoryPreview(props: {
  timeline: Timeline;
  photos: Map<string, PreviewPhoto>;
  musicUrl?: string;
  /** Jump here (and pause) whenever the request changes, e.g. when a slide is picked. */
  seek: { frame: number; nonce: number };
}) {
  const { timeline } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const images = useRef(new Map<string, { url: string; image: HTMLImageElement }>());
  const cache = useRef(createFittedCache());
  const [imagesVersion, setImagesVersion] = useState(0);
  const [frame, setFrame] = useState(props.seek.frame);
  const [isPlaying, setIsPlaying] = useState(false);
  const [fontsReadyFor, setFontsReadyFor] = useState<string | null>(null);
  const playStart = useRef<{ time: number; frame: number } | null>(null);
  // A seek request from the editor (a slide was picked or changed): jump there, paused.
  const [seenSeek, setSeenSeek] = useState(props.seek.nonce);
  if (seenSeek !== props.seek.nonce) {
    setSeenSeek(props.seek.nonce);
    setIsPlaying(false);
    setFrame(props.seek.frame);
  }

  const lastFrame = Math.max(0, timeline.totalFrames - 1);
  const shownFrame = Math.min(frame, lastFrame);
  const texts = useMemo(() => timelineFontTexts(timeline), [timeline]);
  const textsKey = fontTextsKey(texts);

  // Load (and forget) the photos the timeline draws.
  useEffect(() => {
    const loaded = images.current;
    for (const [key, photo] of props.photos) {
      if (loaded.get(key)?.url === photo.url) continue;
      const image = new Image();
      if (photo.isRemote) image.crossOrigin = "anonymous";
      image.decoding = "async";
      image.onload = () => {
        for (const cacheKey of cache.current.keys()) if (cacheKey.startsWith(`${key}|`)) cache.current.delete(cacheKey);
        setImagesVersion((v) => v + 1);
      };
      image.src = photo.url;
      loaded.set(key, { url: photo.url, image });
    }
    for (const key of [...loaded.keys()]) if (!props.photos.has(key)) loaded.delete(key);
  }, [props.photos]);

  // Every caption's face, loaded before a frame shows it (CJK and emoji files load only when used).
  useEffect(() => {
    let isCurrent = true;
    loadFontTexts(texts).then(() => isCurrent && setFontsReadyFor(textsKey));
    return () => {
      isCurrent = false;
    };
  }, [texts, textsKey]);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || fontsReadyFor !== textsKey) return;
    const photos = new Map<string, PhotoSource>();
    for (const [key, { image }] of images.current) if (image.complete && image.naturalWidth > 0) photos.set(key, image);
    drawFrame(ctx, { timeline, frame: shownFrame, photos, cache: cache.current });
  }, [timeline, shownFrame, imagesVersion, fontsReadyFor, textsKey]);

  // Playback.
  useEffect(() => {
    if (!isPlaying) return;
    let handle = 0;
    const tick = (now: number) => {
      const start = (playStart.current ??= { time: now, frame: 0 });
      const next = start.frame + Math.floor(((now - start.time) * timeline.fps) / 1000);
      if (next >= timeline.totalFrames) {
        setFrame(lastFrame);
        setIsPlaying(false);
        return;
      }
      setFrame(next);
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(handle);
  }, [isPlaying, timeline, lastFrame]);

  // The music follows the picture: same position, volume along the fade-out.
  useEffect(() => {
    const element = audio.current;
    if (!element || !timeline.music) return;
    element.volume = Math.min(1, Math.max(0, musicGainAt(timeline.music, framesToMs(shownFrame, timeline.fps))));
  }, [shownFrame, timeline]);

  useEffect(() => {
    const element = audio.current;
    if (!element || !props.musicUrl) return;
    if (isPlaying) {
      // The song from where the story starts it (music.startMs), at the picture's position.
      element.currentTime = ((timeline.music?.startMs ?? 0) + framesToMs(playStart.current?.frame ?? 0, timeline.fps)) / 1000;
      element.play().catch(() => undefined);
    } else {
      element.pause();
    }
  }, [isPlaying, props.musicUrl, timeline.fps, timeline.music?.startMs]);


  function play() {
    if (timeline.totalFrames === 0) return;
    const from = shownFrame >= lastFrame ? 0 : shownFrame;
    playStart.current = { time: performance.now(), frame: from };
    setFrame(from);
    setIsPlaying(true);
  }

  function pause() {
    setIsPlaying(false);
    playStart.current = null;
  }

  const currentMs = framesToMs(shownFrame, timeline.fps);
  const isEmpty = timeline.totalFrames === 0;
  return (
    <div className="space-y-2">
      <div className="relative flex justify-center overflow-hidden rounded-2xl bg-stone-900">
        <canvas
          ref={canvas}
          width={timeline.size.width}
          height={timeline.size.height}
          role="img"
          aria-label={`Preview of your video, ${timeline.size.width}×${timeline.size.height}`}
          data-testid="preview-canvas"
          data-frame={shownFrame}
          className="block h-auto max-h-[min(56vh,520px)] w-auto max-w-full"
        />
        {isEmpty && (
          <p className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-stone-300">
            Your video plays here as you build it.
          </p>
        )}
      </div>
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={isPlaying ? pause : play}
          disabled={isEmpty}
          aria-label={isPlaying ? "Pause preview" : "Play preview"}
          className={`flex h-10 w-10 flex-none items-center justify-center rounded-full bg-stone-900 text-white hover:bg-stone-700 disabled:bg-stone-300 ${focusRing}`}
        >
          {isPlaying ? (
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
              <rect x="4" y="3" width="4" height="14" rx="1" />
              <rect x="12" y="3" width="4" height="14" rx="1" />
            </svg>
          ) : (
            <svg aria-hidden="true" viewBox="0 0 20 20" className="ml-0.5 h-4 w-4" fill="currentColor">
              <path d="M5 3.5v13a1 1 0 0 0 1.5.86l11-6.5a1 1 0 0 0 0-1.72l-11-6.5A1 1 0 0 0 5 3.5z" />
            </svg>
          )}
        </button>
        <input
          type="range"
          min={0}
          max={lastFrame}
          step={1}
          value={shownFrame}
          disabled={isEmpty}
          aria-label="Position in the preview"
          aria-valuetext={`${formatTime(currentMs)} of ${formatTime(timeline.durationMs)}`}
          onChange={(event) => {
            pause();
            setFrame(Number(event.target.value));
          }}
          className={`min-w-0 flex-1 accent-rose-700 ${focusRing}`}
        />
        <p className="flex-none text-sm tabular-nums text-stone-700">
          <span data-testid="preview-time">{formatTime(currentMs)}</span>
          <span aria-hidden="true"> / </span>
          <span className="sr-only"> of </span>
          <span data-testid="total-length" className="font-semibold text-stone-900">
            {formatTime(timeline.durationMs)}
          </span>
        </p>
      </div>
      {props.musicUrl && <audio ref={audio} src={props.musicUrl} preload="auto" crossOrigin="anonymous" className="hidden" />}
    </div>
  );
}
