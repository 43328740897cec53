import { captionFont, type Timeline } from "@/lib/timeline";
import type { CaptionFontId } from "@/lib/contracts/story-spec";

// The fonts the editor's canvases need before they draw or measure text:
// each text with the font string of its face (document.fonts.load fetches
// the faces of that string that have the text's characters, so a CJK or
// emoji file loads only when used).

export type FontText = { font: string; text: string };

/** One text in a face (any size: loading needs only the faces). */
export const fontText = (text: string, face: CaptionFontId | undefined): FontText => ({ font: captionFont(48, face), text });

/** Every non-blank title, subtitle and caption of a timeline, with its face. */
export function timelineFontTexts(timeline: Timeline): FontText[] {
  const items: FontText[] = [];
  for (const clip of timeline.clips) {
    if (clip.kind === "title") items.push(fontText(clip.card.title, clip.card.font), fontText(clip.card.subtitle ?? "", clip.card.font));
    else if (clip.caption) items.push(fontText(clip.caption, clip.captionStyle.font));
  }
  return items.filter((item) => item.text.trim());
}

/** A key that changes when a text or its face does. */
export const fontTextsKey = (items: FontText[]) => items.map((item) => `${item.font}\u0002${item.text}`).join("\u0001");

/** Loads the faces the texts need; never rejects (a face that fails to load is drawn with the next in the stack). */
export function loadFontTexts(items: FontText[]): Promise<void> {
  return Promise.all(items.map((item) => document.fonts.load(item.font, item.text)))
    .then(() => undefined)
    .catch(() => undefined);
}
