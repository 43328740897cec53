import type { CaptionFontId } from "../contracts/story-spec";

// The caption fonts, one list for the browser preview (@font-face, see
// app/fonts.css) and the renderer (registered with @napi-rs/canvas). A
// caption or title card names one face (CaptionFontId; Sans when it names
// none, as every story did before the choice existed). The canvas font
// string names that face, then Geist for the Latin letters a face may lack,
// then Arabic, Hebrew, CJK and emoji in colour: each character is drawn from
// the first family that has it.

export type CaptionFont = { family: string; file: string };

export type CaptionFace = CaptionFont & {
  /** What the editor calls it. */
  label: string;
  /** The typeface's own name. */
  typeface: string;
};

/** Stories that name no font are drawn in Sans (Geist), as they were before fonts could be chosen. */
export const DEFAULT_CAPTION_FONT: CaptionFontId = "sans";

export const CAPTION_FACES: Readonly<Record<CaptionFontId, CaptionFace>> = {
  sans: { family: "Reelmaker Sans", file: "Geist-Bold.ttf", label: "Sans", typeface: "Geist Bold" },
  serif: { family: "Reelmaker Serif", file: "PlayfairDisplay-Bold.ttf", label: "Serif", typeface: "Playfair Display Bold" },
  handwritten: { family: "Reelmaker Handwritten", file: "Caveat-Bold.ttf", label: "Handwritten", typeface: "Caveat Bold" },
  condensed: { family: "Reelmaker Condensed", file: "Oswald-Bold.ttf", label: "Condensed", typeface: "Oswald Bold" },
};

/** The faces in the order the editor offers them. */
export const CAPTION_FONT_IDS = Object.keys(CAPTION_FACES) as CaptionFontId[];

/** Families for the scripts the faces do not cover, after the chosen face in every font string. */
export const FALLBACK_FONTS: readonly CaptionFont[] = [
  { family: "Reelmaker Arabic", file: "NotoSansArabic-Bold.ttf" },
  { family: "Reelmaker Hebrew", file: "NotoSansHebrew-Bold.ttf" },
  { family: "Reelmaker CJK", file: "NotoSansCJK-Bold-subset.otf" },
  { family: "Reelmaker Emoji", file: "NotoColorEmoji.ttf" },
];

/** Every font file, to register (renderer, order check) or declare (@font-face). */
export const CAPTION_FONTS: readonly CaptionFont[] = [
  ...CAPTION_FONT_IDS.map((id) => ({ family: CAPTION_FACES[id].family, file: CAPTION_FACES[id].file })),
  ...FALLBACK_FONTS,
];

/** Public URL folder (browser) and repository folder (worker) of the files. */
export const FONT_URL_PREFIX = "/fonts/";

const STACKS = Object.fromEntries(
  CAPTION_FONT_IDS.map((id) => {
    const families = [CAPTION_FACES[id].family, ...(id === "sans" ? [] : [CAPTION_FACES.sans.family]), ...FALLBACK_FONTS.map((f) => f.family)];
    return [id, families.map((family) => `"${family}"`).join(", ")];
  }),
) as Record<CaptionFontId, string>;

/** The families of a face's font string, quoted: the face, Sans (if it is not the face), the fallbacks. */
export function captionFontStack(font: CaptionFontId = DEFAULT_CAPTION_FONT): string {
  return STACKS[font] ?? STACKS[DEFAULT_CAPTION_FONT];
}

/** The Sans stack: what every caption was drawn with before fonts could be chosen. */
export const CAPTION_FONT_STACK = captionFontStack(DEFAULT_CAPTION_FONT);

/** A canvas `font` value for caption text of a pixel size in a face (Sans when none is named). */
export function captionFont(pixelSize: number, font: CaptionFontId = DEFAULT_CAPTION_FONT): string {
  return `bold ${Math.round(pixelSize)}px ${captionFontStack(font)}`;
}
