import { useMemo } from "react";
import { computeTimeline } from "@/lib/timeline";
import { toPreviewSpec, type EditorMusic, type EditorSettings, type EditorSlide } from "./editor-model";
import type { PreviewPhoto } from "./story-preview";

/** A request to show a photo in the preview (its key; null: the start), new each time (nonce). */
export type SeekTarget = { key: string | null; nonce: number };

/**
 * What the preview plays: the story's timeline (the renderer's, from the
 * same spec), the photos it draws, and the frame to jump to when a photo is
 * picked (the middle of its time alone on screen).
 */
export function usePreview(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null, seekTarget: SeekTarget) {
  // The preview: recomputed only when something it shows changes (not on upload progress).
  const previewSpecJson = JSON.stringify(toPreviewSpec(settings, slides, music));
  const timeline = useMemo(() => computeTimeline(JSON.parse(previewSpecJson)), [previewSpecJson]);
  const photoKey = slides.map((slide) => `${slide.key}=${slide.previewUrl ?? ""}`).join("|");
  const photos = useMemo(() => {
    const map = new Map<string, PreviewPhoto>();
    for (const slide of slides) {
      if (slide.previewUrl) map.set(slide.key, { url: slide.previewUrl, isRemote: Boolean(slide.isRemote) });
    }
    return map;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- photoKey is the part of slides this depends on
  }, [photoKey]);
  const seek = useMemo(() => {
    const clip = timeline.clips.find((c) => c.kind === "photo" && c.assetId === seekTarget.key);
    if (!clip) return { frame: 0, nonce: seekTarget.nonce };
    const first = clip.startFrame + (clip.index > 0 ? timeline.transitionFrames : 0);
    const last = clip.endFrame - (clip.index < timeline.clips.length - 1 ? timeline.transitionFrames : 0);
    return { frame: Math.floor((first + last) / 2), nonce: seekTarget.nonce };
    // Only a new request moves the preview; the timeline is read as it is then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seekTarget]);
  return { timeline, photos, seek };
}
