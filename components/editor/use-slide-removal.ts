"use client";

import { useEffect, useRef, type Dispatch, type SetStateAction } from "react";
import type { EditorSlide } from "./editor-model";
import type { Notice } from "./editor-notice";

// Removing a photo: its upload stops, the selection moves to a neighbour, a
// photo that had finished uploading can be put back (Undo), and focus lands
// on a photo of the list (or the Undo, or Add photos), never on the page.

export function useSlideRemoval(input: {
  slides: EditorSlide[];
  setSlides: Dispatch<SetStateAction<EditorSlide[]>>;
  selectedKey: string | null;
  setSelectedKey: Dispatch<SetStateAction<string | null>>;
  notice: Notice | null;
  setNotice: (notice: Notice | null) => void;
  cancelUpload: (key: string) => void;
}) {
  const { slides, setSlides, selectedKey, setSelectedKey, notice, setNotice, cancelUpload } = input;
  /** Where focus goes once the list has re-rendered (a selector; after a removal or an undo). */
  const focusAfterRender = useRef<string | null>(null);

  // After a removal (or its undo) focus goes to a photo of the list, never to the page.
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.querySelector<HTMLElement>(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [slides, notice]);

  function removeSlide(key: string) {
    cancelUpload(key);
    const index = slides.findIndex((slide) => slide.key === key);
    const removed = slides[index];
    const rest = slides.filter((slide) => slide.key !== key);
    setSlides(rest);
    if (selectedKey === key) setSelectedKey(rest[Math.min(index, rest.length - 1)]?.key ?? null);
    // Only a photo that finished uploading can come back (its file is on the server).
    const canUndo = removed?.upload.status === "ready";
    setNotice(canUndo ? { kind: "removed", text: `Photo ${index + 1} removed.`, slide: removed, index } : { kind: "status", text: `Photo ${index + 1} removed.` });
    const next = rest[Math.min(index, rest.length - 1)];
    focusAfterRender.current = next ? `[data-slide-key="${next.key}"] [data-edit-button]` : canUndo ? "[data-undo-remove]" : "[data-add-photos] input";
  }

  function undoRemove() {
    if (notice?.kind !== "removed") return;
    const { slide, index } = notice;
    setSlides((current) => [...current.slice(0, index), slide, ...current.slice(index)]);
    setNotice({ kind: "status", text: `Photo ${index + 1} is back.` });
    focusAfterRender.current = `[data-slide-key="${slide.key}"] [data-edit-button]`;
  }

  return { removeSlide, undoRemove };
}
