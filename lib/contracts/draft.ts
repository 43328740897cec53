import { z } from "zod";
import {
  DEFAULT_SLIDE_MS,
  MAX_CAPTION_LENGTH,
  MAX_SLIDES,
  MAX_SUBTITLE_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_SLIDE_MS,
  MIN_SLIDE_MS,
  MAX_MUSIC_START_MS,
  aspectRatioSchema,
  DEFAULT_FOCUS,
  captionFontSchema,
  captionStyleSchema,
  fitSchema,
  focusSchema,
  idSchema,
  kenBurnsDirectionSchema,
  resolutionSchema,
  transitionSchema,
} from "./story-spec";

// The story a customer is still editing (PUT/GET /api/draft). Unlike the
// story spec it may be incomplete (no photos yet, an empty title card), and
// it only holds photos that finished uploading: an upload in progress cannot
// be resumed after a reload.

const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const durationSchema = z.number().int().min(MIN_SLIDE_MS).max(MAX_SLIDE_MS);

export const draftSlideSchema = z.strictObject({
  assetId: idSchema("assetId"),
  /** The file name the customer picked, shown in the list. */
  name: z.string().max(255),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  caption: z.string().max(MAX_CAPTION_LENGTH),
  captionStyle: captionStyleSchema,
  durationMs: durationSchema,
  kenBurns: z.boolean(),
  fit: fitSchema,
  /**
   * The worker could not read this photo when it was last ordered ("Try
   * again" on such an order copies it here flagged): the editor asks for a
   * replacement before the story can be ordered again.
   */
  unreadable: z.boolean().optional(),
  // Defaults: drafts saved before focus points still load.
  focus: focusSchema.default(() => ({ ...DEFAULT_FOCUS })),
  kenBurnsDirection: kenBurnsDirectionSchema.default("auto"),
});

export const draftTitleCardSchema = z.strictObject({
  enabled: z.boolean(),
  title: z.string().max(MAX_TITLE_LENGTH),
  subtitle: z.string().max(MAX_SUBTITLE_LENGTH),
  background: z.enum(["color", "photo"]),
  backgroundColor: colorSchema,
  textColor: colorSchema,
  durationMs: durationSchema,
  /** Optional: drafts saved before fonts could be chosen have none (sans). */
  font: captionFontSchema.optional(),
});

/**
 * The editor's looks (components/editor/themes.ts). A theme fills in fonts,
 * colours, caption style and transition; only those fields reach the story
 * spec. The draft keeps which theme was picked last, for the picker and for
 * the caption style of photos added later.
 */
export const THEME_NAMES = ["classic", "elegant", "playful", "bold"] as const;
export const themeIdSchema = z.enum(THEME_NAMES);

export const draftSchema = z.strictObject({
  title: z.string().max(MAX_TITLE_LENGTH),
  aspectRatio: aspectRatioSchema,
  resolution: resolutionSchema,
  transition: transitionSchema,
  titleCard: draftTitleCardSchema,
  /** Optional: drafts saved before themes have none (classic). Here, after titleCard, as toDraft writes it. */
  theme: themeIdSchema.optional(),
  music: z
    .strictObject({
      assetId: idSchema("assetId"),
      name: z.string().max(255),
      /** Where the song starts (music.startMs of the spec). */
      startMs: z.number().int().min(0).max(MAX_MUSIC_START_MS).optional(),
      /** The song's length as the browser decoded it (the start's limit). */
      songMs: z.number().int().positive().optional(),
      /** "Change slides on the beat" is on. */
      onBeat: z.boolean().optional(),
      /** The song's beat as the editor found it (lib/timeline/beats.ts), so a reload need not decode the song again. */
      beat: z.strictObject({ bpm: z.number().min(30).max(300), periodMs: z.number().min(200).max(2000), phaseMs: z.number().min(0).max(2000) }).optional(),
    })
    .nullable(),
  slides: z.array(draftSlideSchema).max(MAX_SLIDES),
});

export type Draft = z.infer<typeof draftSchema>;

/** The title card of a draft that has none (turned off, default colours). */
export const DEFAULT_DRAFT_TITLE_CARD = {
  enabled: false,
  title: "",
  subtitle: "",
  background: "color",
  backgroundColor: "#1f2937",
  textColor: "#ffffff",
  durationMs: DEFAULT_SLIDE_MS,
} as const satisfies z.infer<typeof draftTitleCardSchema>;
export type DraftSlide = z.infer<typeof draftSlideSchema>;
export type DraftTitleCard = z.infer<typeof draftTitleCardSchema>;
export type ThemeId = z.infer<typeof themeIdSchema>;

/** GET /api/draft: the draft with a short-lived URL to show each photo and play the music. */
export type DraftView = {
  draft: Draft | null;
  /** assetId → a URL the browser can load (with CORS) for the preview. */
  urls: Record<string, string>;
  updatedAt: string | null;
};

/** POST /api/orders/{orderId}/copy: the order's story is now the session's draft. */
export type CopyOrderResponse = {
  /** Where the editor is. */
  editorUrl: string;
  photos: number;
  /** 1-based number of the photo flagged "could not be read", if one is. */
  unreadablePhoto: number | null;
};
