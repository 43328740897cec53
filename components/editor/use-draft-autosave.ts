"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { DraftView } from "@/lib/contracts/draft";
import { DEFAULT_SETTINGS, fromDraft, toDraft, type EditorMusic, type EditorSettings, type EditorSlide } from "./editor-model";
import { readError } from "./upload-file";

// The story is kept on the server as the customer works: loaded once (nothing
// is saved before it is in), then saved a moment after each change, again
// after a failure (more slowly), and once more when the page is left.

const SAVE_DELAY_MS = 600;
const SAVE_RETRY_MS = 5000;
/** A new visitor's untouched editor: nothing worth saving yet. */
const EMPTY_DRAFT_JSON = JSON.stringify(toDraft(DEFAULT_SETTINGS, [], null));

export type SaveState = "idle" | "saving" | "saved" | "error";

export type RestoredDraft = ReturnType<typeof fromDraft>;

export function useDraftAutosave(input: {
  settings: EditorSettings;
  slides: EditorSlide[];
  music: EditorMusic | null;
  /** Called once with the saved story, if there is one. */
  onRestore: (draft: RestoredDraft) => void;
  /** Called once if the saved story could not be loaded. */
  onLoadFailed: () => void;
}) {
  const { settings, slides, music, onRestore, onLoadFailed } = input;
  const [isLoaded, setIsLoaded] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  /** The draft as last stored on the server (JSON), to save only what changed. */
  const [savedJson, setSavedJson] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    fetch("/api/draft", { cache: "no-store" })
      .then(async (response) => {
        if (!response.ok) throw new Error(await readError(response));
        return (await response.json()) as DraftView;
      })
      .then((view) => {
        if (!isCurrent) return;
        if (view.draft) {
          const restored = fromDraft(view.draft, view.urls);
          onRestore(restored);
          setSaveState("saved");
          setSavedJson(JSON.stringify(toDraft(restored.settings, restored.slides, restored.music)));
        }
        setIsLoaded(true);
      })
      .catch(() => {
        if (!isCurrent) return;
        onLoadFailed();
        setIsLoaded(true);
      });
    return () => {
      isCurrent = false;
    };
    // Loaded once, with the callbacks of the first render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const draftJson = useMemo(() => JSON.stringify(toDraft(settings, slides, music)), [settings, slides, music]);
  const saveDraft = useCallback(async (json: string, keepalive = false) => {
    setSaveState("saving");
    try {
      const response = await fetch("/api/draft", { method: "PUT", headers: { "Content-Type": "application/json" }, body: json, keepalive });
      if (!response.ok) throw new Error(await readError(response));
      setSavedJson(json);
      setSaveState("saved");
    } catch {
      setSaveState("error");
    }
  }, []);
  useEffect(() => {
    if (!isLoaded || draftJson === savedJson || (savedJson === null && draftJson === EMPTY_DRAFT_JSON)) return;
    const timer = setTimeout(() => void saveDraft(draftJson), saveState === "error" ? SAVE_RETRY_MS : SAVE_DELAY_MS);
    const flush = () => void saveDraft(draftJson, true);
    window.addEventListener("pagehide", flush);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", flush);
    };
  }, [draftJson, isLoaded, saveDraft, savedJson, saveState]);

  /** Saves now if anything changed since the last save (before ordering). */
  const saveNow = useCallback(async () => {
    if (draftJson !== savedJson) await saveDraft(draftJson);
  }, [draftJson, savedJson, saveDraft]);

  const hasUnsavedChanges = draftJson !== (savedJson ?? EMPTY_DRAFT_JSON);
  return { isLoaded, saveState, hasUnsavedChanges, saveNow };
}
