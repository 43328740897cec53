"use client";

import { useEffect, useMemo, useState } from "react";
import { doesCaptionFit, getFrameSize, measureWithContext } from "@/lib/timeline";
import { fontText, fontTextsKey, loadFontTexts } from "./caption-fonts";
import type { EditorSettings, EditorSlide } from "./editor-model";

// Which captions would be cut in the video: the renderer's own layout
// (lib/timeline/caption.ts) measured with the caption fonts on a canvas (each
// caption in its own face), once the fonts those captions need are loaded. The renderer and the order
// check allow a little more width (CAPTION_WIDTH_TOLERANCE), so what passes
// here is never cut there.

/** One small canvas measures every caption of the page (made on first use, in the browser). */
let measuringContext: CanvasRenderingContext2D | null = null;
function getMeasuringContext(): CanvasRenderingContext2D | null {
  measuringContext ??= document.createElement("canvas").getContext("2d");
  return measuringContext;
}

export function useCaptionFit(slides: EditorSlide[], settings: Pick<EditorSettings, "aspectRatio" | "resolution">): ReadonlySet<string> {
  const captioned = slides.filter((slide) => slide.caption.trim());
  const texts = captioned.map((slide) => fontText(slide.caption, slide.captionStyle.font));
  const textsKey = fontTextsKey(texts);
  const [fontsReadyFor, setFontsReadyFor] = useState<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    loadFontTexts(texts).then(() => isCurrent && setFontsReadyFor(textsKey));
    return () => {
      isCurrent = false;
    };
    // textsKey is every text and face of `texts`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [textsKey]);

  const fitKey = JSON.stringify([settings.aspectRatio, settings.resolution, captioned.map((s) => [s.key, s.caption, s.captionStyle.size, s.captionStyle.position, s.captionStyle.font])]);
  return useMemo(() => {
    const cut = new Set<string>();
    if (fontsReadyFor !== textsKey || !captioned.length) return cut;
    const ctx = getMeasuringContext();
    if (!ctx) return cut;
    const measureAt = measureWithContext(ctx);
    const size = getFrameSize(settings.aspectRatio, settings.resolution);
    for (const slide of captioned) if (!doesCaptionFit(slide.caption, slide.captionStyle, size, measureAt)) cut.add(slide.key);
    return cut;
    // fitKey is everything of the slides and settings this depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitKey, fontsReadyFor, textsKey]);
}
