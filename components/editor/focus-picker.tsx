"use client";

import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import { DEFAULT_FOCUS, type AspectRatio, type Fit, type Focus } from "@/lib/contracts/story-spec";
import { coverCrop, getFrameSize, isCentred } from "@/lib/timeline";
import { buttonClass, focusRing } from "./controls";

// The focus point of a photo: tap or drag on the picture, or move the marker
// with the arrow keys. With "Fill the frame" the part the video keeps
// (lib/timeline coverCrop, what the preview and the renderer crop to) is
// shown undimmed around it.

/** Arrow keys move the point by this fraction of the photo; with Shift, by FAST_STEP. */
const STEP = 0.02;
const FAST_STEP = 0.1;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
/** Three decimals are finer than any photo's pixel shows in a frame, and keep the saved numbers short. */
const tidy = (value: number) => Math.round(clamp01(value) * 1000) / 1000;
const percent = (value: number) => `${Math.round(value * 100)}%`;
/** A CSS position or length in percent of the picture, exact. */
const at = (value: number) => `${value * 100}%`;

/** "38% from the left, 70% from the top" */
export const describeFocus = (focus: Focus) => `${percent(focus.x)} from the left, ${percent(focus.y)} from the top`;

export function FocusPicker(props: {
  imageUrl?: string;
  /** Whether imageUrl is on another origin (the list's thumbnail loads it with CORS; one mode keeps the browser cache usable). */
  isRemote?: boolean;
  /** The photo's size, when known (else read from the image once it loads). */
  photoSize?: { width: number; height: number };
  aspectRatio: AspectRatio;
  fit: Fit;
  focus: Focus;
  onChange: (focus: Focus) => void;
}) {
  const hintId = useId();
  const [loadedSize, setLoadedSize] = useState<{ width: number; height: number } | null>(null);
  const { focus } = props;
  // The picture's own shape first: it is shown upright, as the video uses it.
  const size = loadedSize ?? props.photoSize;
  const crop = size && props.fit === "cover" ? coverCrop(size, getFrameSize(props.aspectRatio, "720p"), focus) : null;

  function pick(event: PointerEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return;
    props.onChange({ x: tidy((event.clientX - rect.left) / rect.width), y: tidy((event.clientY - rect.top) / rect.height) });
  }

  function move(event: KeyboardEvent<HTMLButtonElement>) {
    const step = event.shiftKey ? FAST_STEP : STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key === "Home") {
      event.preventDefault();
      props.onChange({ ...DEFAULT_FOCUS });
      return;
    }
    const delta = moves[event.key];
    if (!delta) return;
    event.preventDefault();
    props.onChange({ x: tidy(focus.x + delta[0]), y: tidy(focus.y + delta[1]) });
  }

  if (!props.imageUrl) {
    return (
      <div>
        <p className="text-sm font-medium text-stone-800">What stays in the frame</p>
        <p className="mt-1 text-sm text-stone-600">This photo cannot be shown here, so the video keeps its middle.</p>
      </div>
    );
  }
  return (
    <div>
      <p className="text-sm font-medium text-stone-800">What stays in the frame</p>
      <p id={hintId} className="mb-2 text-xs text-stone-600">
        Tap or drag on the photo, or use the arrow keys on the marker (Shift for bigger steps, Home for the middle).
      </p>
      <div
        data-testid="focus-picker"
        className="relative inline-block max-w-full cursor-crosshair touch-none select-none overflow-hidden rounded-lg bg-stone-100"
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          pick(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) pick(event);
        }}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- a local or signed URL; next/image would proxy it */}
        <img
          src={props.imageUrl}
          alt=""
          crossOrigin={props.isRemote ? "anonymous" : undefined}
          draggable={false}
          onLoad={(event) => setLoadedSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          className="block max-h-56 w-auto max-w-full"
        />
        {crop && (
          <div
            aria-hidden="true"
            data-testid="focus-crop"
            className="pointer-events-none absolute rounded-sm border-2 border-white shadow-[0_0_0_9999px_rgba(0,0,0,0.45)]"
            style={{ left: at(crop.x), top: at(crop.y), width: at(crop.width), height: at(crop.height) }}
          />
        )}
        <button
          type="button"
          aria-label={`Focus point, ${describeFocus(focus)}`}
          aria-describedby={hintId}
          onKeyDown={move}
          onPointerDown={(event) => event.currentTarget.focus()}
          className={`absolute h-7 w-7 -translate-x-1/2 -translate-y-1/2 rounded-full border-[3px] border-white bg-rose-600/60 shadow-[0_0_0_2px_rgba(0,0,0,0.6)] ${focusRing}`}
          style={{ left: at(focus.x), top: at(focus.y) }}
        />
      </div>
      <div className="mt-1 flex items-center gap-3">
        <p className="text-xs text-stone-700" aria-live="polite" data-testid="focus-position">
          Keeps the point {describeFocus(focus)} in view.
        </p>
        {!isCentred(focus) && (
          <button type="button" className={buttonClass.quiet} onClick={() => props.onChange({ ...DEFAULT_FOCUS })}>
            Back to the middle
          </button>
        )}
      </div>
    </div>
  );
}
