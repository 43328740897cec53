// The caption fonts, one list for the browser preview (@font-face, see
// app/fonts.css) and the renderer (registered with @napi-rs/canvas). The
// canvas font string names every family, so each character is drawn from
// the first family that has it: Latin from Geist, then Arabic, Hebrew, CJK,
// and emoji in colour.

export type CaptionFont = { family: string; file: string };

export const CAPTION_FONTS: readonly CaptionFont[] = [
  { family: "Reelmaker Sans", file: "Geist-Bold.ttf" },
  { family: "Reelmaker Arabic", file: "NotoSansArabic-Bold.ttf" },
  { family: "Reelmaker Hebrew", file: "NotoSansHebrew-Bold.ttf" },
  { family: "Reelmaker CJK", file: "NotoSansCJK-Bold-subset.otf" },
  { family: "Reelmaker Emoji", file: "NotoColorEmoji.ttf" },
];

/** Public URL folder (browser) and repository folder (worker) of the files. */
export const FONT_URL_PREFIX = "/fonts/";

export const CAPTION_FONT_STACK = CAPTION_FONTS.map((font) => `"${font.family}"`).join(", ");

/** A canvas `font` value for caption text of a pixel size. */
export function captionFont(pixelSize: number): string {
  return `bold ${Math.round(pixelSize)}px ${CAPTION_FONT_STACK}`;
}
