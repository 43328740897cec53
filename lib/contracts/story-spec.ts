import { z } from "zod";

// The story spec: body of POST /api/orders, frozen in Postgres when the order
// is accepted. New options must be added as optional fields with defaults so
// a minimal spec keeps working (and old frozen specs keep rendering).

export const STORY_SPEC_VERSION = 1;
export const MAX_SLIDES = 100;
export const MAX_CAPTION_LENGTH = 300;
export const MAX_TITLE_LENGTH = 120;
export const MAX_SUBTITLE_LENGTH = 200;
export const MIN_SLIDE_MS = 1000;
export const MAX_SLIDE_MS = 10_000;
export const DEFAULT_SLIDE_MS = 3000;
/** The song may start up to this far in (a 25 MB MP3 at 128 kbit/s lasts about 26 minutes). */
export const MAX_MUSIC_START_MS = 30 * 60 * 1000;

// Control characters (NUL included) have no place in text drawn on a video;
// tab and newline are allowed, newline breaks a caption into lines.
const hasControlCharacters = (text: string) => /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text);

const textSchema = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} can be at most ${max} characters`)
    .refine((text) => !hasControlCharacters(text), `${what} contains control characters`);

/** Asset and order ids: what the server's createId makes (22 url-safe characters), at most 64. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idSchema = (what: string) => z.string().min(1, `${what} is required`).regex(ID_PATTERN, `${what} is not a valid id`);

const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "A colour is written #rrggbb");

const durationSchema = z
  .number()
  .int("durationMs must be a whole number of milliseconds")
  .min(MIN_SLIDE_MS, `A slide lasts at least ${MIN_SLIDE_MS} ms`)
  .max(MAX_SLIDE_MS, `A slide lasts at most ${MAX_SLIDE_MS} ms`);

export const aspectRatioSchema = z.enum(["16:9", "9:16", "1:1"]);
export const resolutionSchema = z.enum(["720p", "1080p"]);
export const transitionSchema = z.enum(["crossfade", "slide", "wipe", "zoom", "none"]);
export const captionPositionSchema = z.enum(["top", "middle", "bottom"]);
export const captionSizeSchema = z.enum(["small", "medium", "large"]);
/** A translucent box behind the text, a soft shadow under it, or bare text. */
export const captionBackgroundSchema = z.enum(["box", "shadow", "none"]);
/** How a photo of another shape fills the frame: cropped, or fitted over a blurred copy of itself. */
export const fitSchema = z.enum(["cover", "blur"]);
/** The face of a caption or title card (lib/timeline/fonts.ts); a spec that names none is drawn in sans. */
export const CAPTION_FONT_NAMES = ["sans", "serif", "handwritten", "condensed"] as const;
export const captionFontSchema = z.enum(CAPTION_FONT_NAMES, {
  error: `A font is one of ${CAPTION_FONT_NAMES.map((name) => `"${name}"`).join(", ")}`,
});

/** Which way the Ken Burns zoom moves: "auto" zooms in and out by turns from slide to slide (what every Ken Burns slide did before there was a choice). */
export const kenBurnsDirectionSchema = z.enum(["auto", "in", "out", "pan"]);

/** The middle of the photo: the default focus point. */
export const DEFAULT_FOCUS = { x: 0.5, y: 0.5 } as const;

const fractionSchema = (what: string, edges: string) =>
  z
    .number({ error: `${what} must be a number from 0 to 1` })
    .min(0, `${what} must be from 0 to 1 (${edges})`)
    .max(1, `${what} must be from 0 to 1 (${edges})`);

/** A point of the photo, in fractions of its width and height from its top left corner (as the photo is shown upright). */
export const focusSchema = z.strictObject({
  x: fractionSchema("The focus point's x", "0 is the photo's left edge, 1 its right edge"),
  y: fractionSchema("The focus point's y", "0 is the photo's top edge, 1 its bottom edge"),
});

export const DEFAULT_CAPTION_STYLE = {
  position: "bottom",
  size: "medium",
  color: "#ffffff",
  background: "box",
} as const;

export const captionStyleSchema = z.strictObject({
  position: captionPositionSchema.default(DEFAULT_CAPTION_STYLE.position),
  size: captionSizeSchema.default(DEFAULT_CAPTION_STYLE.size),
  color: colorSchema.default(DEFAULT_CAPTION_STYLE.color),
  background: captionBackgroundSchema.default(DEFAULT_CAPTION_STYLE.background),
  /** Optional, no default filled in: a style without it (every spec frozen before fonts) draws in sans. */
  font: captionFontSchema.optional(),
});

export const slideSchema = z.strictObject({
  assetId: idSchema("assetId"),
  caption: textSchema(MAX_CAPTION_LENGTH, "A caption").optional(),
  captionStyle: captionStyleSchema.prefault({}),
  durationMs: durationSchema.default(DEFAULT_SLIDE_MS),
  /** A slow zoom and pan across the photo. */
  kenBurns: z.boolean().default(false),
  fit: fitSchema.default("cover"),
  /** What stays in the frame: cover crops and the Ken Burns zoom centre on this point of the photo. */
  focus: focusSchema.default(() => ({ ...DEFAULT_FOCUS })),
  /** Which way the Ken Burns zoom moves (when kenBurns is on). */
  kenBurnsDirection: kenBurnsDirectionSchema.default("auto"),
});

/** An opening card: title and subtitle over a colour or over the first photo. */
export const titleCardSchema = z.strictObject({
  title: textSchema(MAX_TITLE_LENGTH, "The title card's title").refine((t) => t.trim().length > 0, "The title card needs a title"),
  subtitle: textSchema(MAX_SUBTITLE_LENGTH, "The subtitle").optional(),
  background: z.enum(["color", "photo"]).default("color"),
  backgroundColor: colorSchema.default("#1f2937"),
  textColor: colorSchema.default("#ffffff"),
  durationMs: durationSchema.default(DEFAULT_SLIDE_MS),
  /** Title and subtitle face; none means sans, as before fonts could be chosen. */
  font: captionFontSchema.optional(),
});

/** Background music: an uploaded audio file, trimmed to the video and faded out. */
export const musicSchema = z.strictObject({
  assetId: idSchema("music.assetId"),
  /** Where in the song the video starts (ms); 0 plays it from its beginning. A start past the song's end fails the order (the worker measures the song). */
  startMs: z
    .number()
    .int("music.startMs must be a whole number of milliseconds")
    .min(0, "music.startMs cannot be negative")
    .max(MAX_MUSIC_START_MS, `The song can start at most ${MAX_MUSIC_START_MS / 60_000} minutes in`)
    .default(0),
});

export const storySpecSchema = z.strictObject({
  title: textSchema(MAX_TITLE_LENGTH, "The title").optional(),
  aspectRatio: aspectRatioSchema.default("16:9"),
  resolution: resolutionSchema.default("720p"),
  transition: transitionSchema.default("crossfade"),
  titleCard: titleCardSchema.optional(),
  music: musicSchema.optional(),
  slides: z
    .array(slideSchema)
    .min(1, "A story needs at least one photo")
    .max(MAX_SLIDES, `A story can have at most ${MAX_SLIDES} photos`),
});

/** What a client sends (defaults optional). */
export type StorySpecInput = z.input<typeof storySpecSchema>;
/** A validated spec with every default filled in. */
export type StorySpec = z.output<typeof storySpecSchema>;
export type Slide = StorySpec["slides"][number];
export type SlideInput = z.input<typeof slideSchema>;
export type CaptionStyle = z.output<typeof captionStyleSchema>;
export type TitleCard = z.output<typeof titleCardSchema>;
export type AspectRatio = z.infer<typeof aspectRatioSchema>;
export type Resolution = z.infer<typeof resolutionSchema>;
export type Transition = z.infer<typeof transitionSchema>;
export type CaptionPosition = z.infer<typeof captionPositionSchema>;
export type CaptionSize = z.infer<typeof captionSizeSchema>;
export type CaptionBackground = z.infer<typeof captionBackgroundSchema>;
export type Fit = z.infer<typeof fitSchema>;
export type CaptionFontId = z.infer<typeof captionFontSchema>;
export type Focus = z.infer<typeof focusSchema>;
export type KenBurnsDirection = z.infer<typeof kenBurnsDirectionSchema>;
