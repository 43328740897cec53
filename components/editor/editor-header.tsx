"use client";

import { useState } from "react";
import { buttonClass } from "./controls";
import type { SaveState } from "./use-draft-autosave";

// The editor's heading: whether the draft is saved, and "Start a new story" (asked first).

export function EditorHeader(props: { saveState: SaveState; hasUnsavedChanges: boolean; canReset: boolean; onReset: () => void }) {
  const [isConfirmingReset, setIsConfirmingReset] = useState(false);
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your story</h1>
        <p className="mt-1 text-sm text-stone-600" role="status" aria-live="polite" data-testid="save-status">
          {props.saveState === "error"
            ? "Not saved yet — check your connection; we keep trying"
            : props.saveState === "saving" || props.hasUnsavedChanges
              ? "Saving…"
              : props.saveState === "saved"
                ? "All changes saved — come back any time on this browser"
                : "Changes are saved as you work"}
        </p>
      </div>
      <div className="flex items-center gap-2">
        {isConfirmingReset ? (
          <>
            <span className="text-sm text-stone-700">Remove all photos and settings?</span>
            <button type="button" className={buttonClass.secondary} onClick={() => setIsConfirmingReset(false)}>
              Keep
            </button>
            <button
              type="button"
              className={`${buttonClass.secondary} border-red-300 text-red-700`}
              onClick={() => {
                setIsConfirmingReset(false);
                props.onReset();
              }}
            >
              Start over
            </button>
          </>
        ) : (
          props.canReset && (
            <button type="button" className={buttonClass.quiet} onClick={() => setIsConfirmingReset(true)}>
              Start a new story
            </button>
          )
        )}
      </div>
    </div>
  );
}

/** What the editor shows while the saved story loads. */
export function EditorSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your story…
      </p>
      <div className="h-8 w-48 animate-pulse rounded-lg bg-stone-200" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="aspect-video animate-pulse rounded-2xl bg-stone-200" />
        <div className="h-64 animate-pulse rounded-2xl bg-stone-200" />
      </div>
    </div>
  );
}
