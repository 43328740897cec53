"use client";

import {
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, rectSortingStrategy, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useId, type KeyboardEventHandler, type ReactNode } from "react";
import type { AspectRatio } from "@/lib/contracts/story-spec";
import { focusRing } from "./controls";
import { UNREADABLE_PHOTO_MESSAGE, type EditorSlide } from "./editor-model";

// The story's photos as a grid of cards in video order. Reordering is
// dnd-kit's sortable list: drag a card with the mouse (or a long press on a
// touch screen), or from the keyboard with the card's move handle (Space,
// arrow keys, Space), with spoken announcements for screen readers.

type Props = {
  slides: EditorSlide[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onMove: (from: number, to: number) => void;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  /** A new file for a photo that could not be read (same place, caption and settings). */
  onReplace: (key: string, file: File) => void;
  addTile: ReactNode;
  /** The story's shape: thumbnails show the photo as the video crops it. */
  aspectRatio: AspectRatio;
  /** Slides whose caption does not fit (marked on their card). */
  cutCaptions: ReadonlySet<string>;
};

/** The story's shape as a Tailwind aspect class: the thumbnails and the Add tile beside them. */
export const THUMB_ASPECT: Record<AspectRatio, string> = { "16:9": "aspect-video", "9:16": "aspect-[9/16]", "1:1": "aspect-square" };

const INSTRUCTIONS =
  "To move a photo, focus its move handle and press Space. Use the arrow keys to move it, press Space again to drop it there, or Escape to cancel.";

export function SlideList(props: Props) {
  const dndId = useId();
  const instructionsId = useId();
  const { slides } = props;
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (id: string | number) => slides.findIndex((slide) => slide.key === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up photo ${position(active.id)}. Use the arrow keys to move it and Space to drop it.`,
    onDragOver: ({ active, over }) =>
      over ? `Photo ${position(active.id)} would move to position ${position(over.id)} of ${slides.length}.` : undefined,
    onDragEnd: ({ active, over }) =>
      over ? `Photo ${position(active.id)} was dropped at position ${position(over.id)} of ${slides.length}.` : "Photo dropped.",
    onDragCancel: ({ active }) => `Moving canceled. Photo ${position(active.id)} is back in its place.`,
  };

  function handleDragEnd(event: DragEndEvent) {
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    props.onMove(position(active.id) - 1, position(over.id) - 1);
  }

  return (
    <DndContext
      id={dndId}
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={handleDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
    >
      <SortableContext items={slides.map((slide) => slide.key)} strategy={rectSortingStrategy}>
        <ol aria-label="Slides" aria-describedby={instructionsId} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {slides.map((slide, index) => (
            <SlideCard
              key={slide.key}
              slide={slide}
              index={index}
              isSelected={slide.key === props.selectedKey}
              onSelect={props.onSelect}
              onRemove={props.onRemove}
              onRetry={props.onRetry}
              onReplace={props.onReplace}
              aspectClass={THUMB_ASPECT[props.aspectRatio]}
              isCaptionCut={props.cutCaptions.has(slide.key)}
            />
          ))}
          <li className="list-none">{props.addTile}</li>
        </ol>
      </SortableContext>
      {/* Which hint fits is a matter of the pointer, not of the screen's width: a phone has no mouse to drag with, nor keys to press. */}
      <p id={instructionsId} className="mt-3 text-xs text-stone-600">
        <span className="hidden pointer-fine:inline" data-testid="reorder-hint-pointer">
          Drag photos to change their order. With the keyboard: focus a photo’s <span aria-hidden="true">⠿</span> move handle, press Space, move
          it with the arrow keys, and press Space to drop it.
        </span>
        <span className="pointer-fine:hidden" data-testid="reorder-hint-touch">
          To change the order, press and hold a photo, then move it.
        </span>
      </p>
    </DndContext>
  );
}

function statusText(slide: EditorSlide): string {
  if (slide.unreadable) return "Could not be read";
  switch (slide.upload.status) {
    case "queued":
      return "Waiting to upload";
    case "uploading":
      return `Uploading ${Math.round(slide.upload.progress * 100)}%`;
    case "ready":
      return "Ready";
    case "failed":
      return slide.upload.retry?.kind === "connection" ? "Waiting for the connection" : slide.upload.retry ? "Trying again soon" : "Failed";
    case "refused":
      return "Refused";
  }
}

function SlideCard(props: {
  slide: EditorSlide;
  index: number;
  isSelected: boolean;
  onSelect: (key: string) => void;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  onReplace: (key: string, file: File) => void;
  aspectClass: string;
  isCaptionCut: boolean;
}) {
  const { slide, index, isSelected } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: slide.key });
  const { onKeyDown, ...pointerListeners } = listeners ?? {};
  const number = index + 1;
  const { upload } = slide;
  // Waiting: failed, and tried again by itself (use-uploads). Broken: refused, out of automatic tries, or unreadable by the worker.
  const isWaiting = upload.status === "failed" && Boolean(upload.retry);
  const isBroken = (upload.status === "failed" && !upload.retry) || upload.status === "refused" || Boolean(slide.unreadable);
  const progress = upload.status === "uploading" ? upload.progress : upload.status === "ready" ? 1 : 0;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...pointerListeners}
      aria-label={`Photo ${number}: ${slide.name}`}
      data-testid="slide-card"
      data-slide-key={slide.key}
      className={`group relative list-none select-none rounded-xl border bg-white shadow-sm transition-shadow ${
        isDragging ? "z-10 shadow-lg ring-2 ring-rose-600" : ""
      } ${isSelected ? "border-rose-600 ring-2 ring-rose-600" : isBroken ? "border-red-300" : isWaiting ? "border-amber-300" : "border-stone-200"}`}
    >
      <button
        type="button"
        onClick={() => props.onSelect(slide.key)}
        aria-pressed={isSelected}
        aria-label={`Edit photo ${number}`}
        data-edit-button
        className={`block w-full overflow-hidden rounded-t-xl text-left ${focusRing}`}
      >
        <div className={`relative ${props.aspectClass} w-full bg-stone-200`}>
          {slide.thumbUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- a thumbnail made in the browser (blob:) or a signed S3 URL
            <img
              src={slide.thumbUrl}
              // The preview loads the same stored photo with CORS; one mode for both keeps the browser cache usable.
              crossOrigin={slide.isRemote ? "anonymous" : undefined}
              alt=""
              draggable={false}
              className={`absolute inset-0 h-full w-full object-cover ${upload.status === "refused" ? "opacity-40 grayscale" : upload.status === "failed" ? "opacity-60" : ""}`}
            />
          ) : slide.hasNoThumb || isBroken || isWaiting ? (
            <div className="absolute inset-0 flex flex-col items-center justify-center gap-1 p-2 text-center text-xs text-stone-700">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-stone-500" fill="none" stroke="currentColor" strokeWidth="1.8">
                <path d="M7 3h7l5 5v13H7z" strokeLinejoin="round" />
                <path d="M14 3v5h5" strokeLinejoin="round" />
              </svg>
              <span className="line-clamp-2 break-all">{slide.name}</span>
            </div>
          ) : (
            <div className="absolute inset-0 animate-pulse bg-stone-200" aria-hidden="true" />
          )}
          <span className="absolute left-1.5 top-1.5 rounded-md bg-black/70 px-1.5 py-0.5 text-xs font-semibold tabular-nums text-white">
            {number}
          </span>
          {slide.caption.trim() && (
            <span
              className={`absolute inset-x-1.5 bottom-2 truncate rounded px-1.5 py-0.5 text-center text-[11px] text-white ${props.isCaptionCut ? "bg-red-700" : "bg-black/60"}`}
              dir="auto"
            >
              {props.isCaptionCut ? "Caption too long" : slide.caption}
            </span>
          )}
        </div>
      </button>
      {/* Upload progress: always takes its line, so nothing moves when it ends. */}
      <div className={`h-1.5 ${upload.status === "ready" ? "bg-white" : "bg-stone-100"}`} aria-hidden={upload.status === "ready"}>
        {(upload.status === "uploading" || upload.status === "queued") && (
          <progress
            max={1}
            value={progress}
            aria-label={`Upload of photo ${number}`}
            className="block h-1.5 w-full appearance-none [&::-webkit-progress-bar]:bg-stone-100 [&::-webkit-progress-value]:bg-rose-600 [&::-webkit-progress-value]:transition-all"
          />
        )}
      </div>
      <div className="flex items-center gap-1 px-2 py-1.5">
        <p
          className={`flex min-w-0 flex-1 text-xs ${isBroken ? "font-semibold text-red-700" : isWaiting ? "font-semibold text-amber-800" : "text-stone-700"}`}
          title={slide.name}
          data-testid="slide-status"
        >
          {upload.status === "uploading" ? (
            // The word may be cut on a narrow card, the percentage never is.
            <span aria-hidden="true" className="flex min-w-0">
              <span className="truncate">Uploading</span>
              <span className="flex-none whitespace-pre tabular-nums">{` ${Math.round(upload.progress * 100)}%`}</span>
            </span>
          ) : (
            <span className="truncate">
              {upload.status === "ready" && !slide.unreadable
                ? `${(slide.durationMs / 1000).toFixed(1)} s${slide.kenBurns ? " · zoom" : ""}`
                : // A narrow card has room for a word; the full status is read out, and the reason is shown below.
                  upload.status === "failed" && upload.retry
                  ? upload.retry.kind === "connection"
                    ? "Offline"
                    : "Retrying"
                  : statusText(slide)}
            </span>
          )}
          <span className="sr-only"> — {statusText(slide)}</span>
        </p>
        <button
          ref={setActivatorNodeRef}
          type="button"
          {...attributes}
          onKeyDown={onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined}
          aria-label={`Move photo ${number}`}
          className={`flex h-8 w-8 flex-none cursor-grab items-center justify-center rounded-lg text-stone-600 hover:bg-stone-100 active:cursor-grabbing ${focusRing}`}
        >
          <span aria-hidden="true" className="text-lg leading-none">
            ⠿
          </span>
        </button>
        <button
          type="button"
          onClick={() => props.onRemove(slide.key)}
          aria-label={`Remove photo ${number}`}
          className={`flex h-8 w-8 flex-none items-center justify-center rounded-lg text-stone-600 hover:bg-red-50 hover:text-red-700 ${focusRing}`}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {slide.unreadable && (
        <div className="border-t border-red-100 bg-red-50 px-2 py-1.5 text-xs text-red-800" data-testid="unreadable-photo">
          <p role="alert">
            {slide.name} {UNREADABLE_PHOTO_MESSAGE}.
          </p>
          <label
            className={`mt-1.5 inline-flex cursor-pointer items-center gap-1 rounded-lg bg-white px-2.5 py-1 font-semibold text-red-800 shadow-sm ring-1 ring-red-200 hover:bg-red-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600`}
          >
            Replace photo {number}
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              className="sr-only"
              aria-label={`Replace photo ${number}`}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) props.onReplace(slide.key, file);
                event.target.value = "";
              }}
            />
          </label>
        </div>
      )}
      {(isBroken || isWaiting) && "reason" in upload && (
        <div className={`border-t px-2 py-1.5 text-xs ${isWaiting ? "border-amber-100 bg-amber-50 text-amber-900" : "border-red-100 bg-red-50 text-red-800"}`}>
          {/* A waiting upload is summed up once above the list (a live status), not announced per photo. */}
          <p role={isWaiting ? undefined : "alert"} data-testid="upload-reason">
            {upload.reason}
          </p>
          {upload.status === "failed" && (
            <button
              type="button"
              onClick={() => props.onRetry(slide.key)}
              aria-label={`Retry upload of photo ${number}`}
              className={`mt-1.5 inline-flex items-center gap-1 rounded-lg bg-white px-2.5 py-1 font-semibold shadow-sm ring-1 ${
                isWaiting ? "text-amber-900 ring-amber-200 hover:bg-amber-100" : "text-red-800 ring-red-200 hover:bg-red-100"
              } ${focusRing}`}
            >
              <span aria-hidden="true">↻</span> Retry upload
            </button>
          )}
        </div>
      )}
    </li>
  );
}
