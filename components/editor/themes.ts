import type { DraftTitleCard, ThemeId } from "@/lib/contracts/draft";
import { DEFAULT_CAPTION_STYLE, type CaptionStyle, type Transition } from "@/lib/contracts/story-spec";
import type { EditorSettings, EditorSlide } from "./editor-model";

// The editor's looks: each sets the caption font, colours, background,
// position and size of every photo, the title card's font and colours, and
// the transition, in one click. A theme only fills in those fields (the
// customer can change any of them afterwards); the story spec holds the
// fields, never the theme's name, so a video renders from what it says and
// a theme changed here later changes no order. The draft keeps the last
// theme picked: photos added later get its caption style.

export type Theme = {
  id: ThemeId;
  name: string;
  description: string;
  captionStyle: Required<CaptionStyle>;
  titleCard: Required<Pick<DraftTitleCard, "font" | "backgroundColor" | "textColor">>;
  transition: Transition;
};

export const THEMES: Readonly<Record<ThemeId, Theme>> = {
  // What a new story had before themes: Sans, white on a box, bottom, crossfade.
  classic: {
    id: "classic",
    name: "Classic",
    description: "Clean sans-serif on a dark box, crossfades",
    captionStyle: { ...DEFAULT_CAPTION_STYLE, font: "sans" },
    titleCard: { font: "sans", backgroundColor: "#1f2937", textColor: "#ffffff" },
    transition: "crossfade",
  },
  elegant: {
    id: "elegant",
    name: "Elegant",
    description: "Serif in warm ivory with a soft shadow, crossfades",
    captionStyle: { position: "bottom", size: "medium", color: "#fdf4e3", background: "shadow", font: "serif" },
    titleCard: { font: "serif", backgroundColor: "#1c1917", textColor: "#f5deb3" },
    transition: "crossfade",
  },
  playful: {
    id: "playful",
    name: "Playful",
    description: "Big handwritten yellow letters, photos slide in",
    captionStyle: { position: "bottom", size: "large", color: "#fde047", background: "shadow", font: "handwritten" },
    titleCard: { font: "handwritten", backgroundColor: "#be185d", textColor: "#fef9c3" },
    transition: "slide",
  },
  bold: {
    id: "bold",
    name: "Bold",
    description: "Tall condensed type on a box at the top, zooms",
    captionStyle: { position: "top", size: "large", color: "#ffffff", background: "box", font: "condensed" },
    titleCard: { font: "condensed", backgroundColor: "#0f172a", textColor: "#facc15" },
    transition: "zoom",
  },
};

export const THEME_IDS = Object.keys(THEMES) as ThemeId[];
export const DEFAULT_THEME: ThemeId = "classic";

/** The caption style a new photo gets: the last theme picked (classic when none was). */
export function themeCaptionStyle(theme: ThemeId | undefined): CaptionStyle {
  return { ...THEMES[theme ?? DEFAULT_THEME].captionStyle };
}

/** A theme filled into the settings: its transition and the title card's font and colours (the card's text and on/off stay). */
export function applyThemeToSettings(settings: EditorSettings, theme: ThemeId): EditorSettings {
  const look = THEMES[theme];
  return { ...settings, theme, transition: look.transition, titleCard: { ...settings.titleCard, ...look.titleCard } };
}

/** A theme filled into every photo's caption style (captions, lengths, zoom and fit stay). */
export function applyThemeToSlides(slides: EditorSlide[], theme: ThemeId): EditorSlide[] {
  return slides.map((slide) => ({ ...slide, captionStyle: themeCaptionStyle(theme) }));
}
