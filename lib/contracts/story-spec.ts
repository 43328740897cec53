import { z } from "zod";

// The story spec: body of POST /api/orders, frozen in Postgres when the order
// is accepted. New options must be added as optional fields with defaults so
// a minimal spec keeps working (and old frozen specs keep rendering).

export const STORY_SPEC_VERSION = 1;
export const MAX_SLIDES = 100;
export const MAX_CAPTION_LENGTH = 300;
export const MAX_TITLE_LENGTH = 120;
export const MIN_SLIDE_MS = 1000;
export const MAX_SLIDE_MS = 10_000;
export const DEFAULT_SLIDE_MS = 3000;

// Control characters (NUL included) have no place in text drawn on a video;
// tab and newline are allowed, newline breaks a caption into lines.
const hasControlCharacters = (text: string) => /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text);

const textSchema = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} can be at most ${max} characters`)
    .refine((text) => !hasControlCharacters(text), `${what} contains control characters`);

export const aspectRatioSchema = z.enum(["16:9", "9:16", "1:1"]);
export const resolutionSchema = z.enum(["720p", "1080p"]);
export const transitionSchema = z.enum(["crossfade", "none"]);

export const slideSchema = z.strictObject({
  assetId: z.string().min(1, "assetId is required").max(64),
  caption: textSchema(MAX_CAPTION_LENGTH, "A caption").optional(),
  durationMs: z
    .number()
    .int("durationMs must be a whole number of milliseconds")
    .min(MIN_SLIDE_MS, `A slide lasts at least ${MIN_SLIDE_MS} ms`)
    .max(MAX_SLIDE_MS, `A slide lasts at most ${MAX_SLIDE_MS} ms`)
    .default(DEFAULT_SLIDE_MS),
});

export const storySpecSchema = z.strictObject({
  title: textSchema(MAX_TITLE_LENGTH, "The title").optional(),
  aspectRatio: aspectRatioSchema.default("16:9"),
  resolution: resolutionSchema.default("720p"),
  transition: transitionSchema.default("crossfade"),
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
export type AspectRatio = z.infer<typeof aspectRatioSchema>;
export type Resolution = z.infer<typeof resolutionSchema>;
export type Transition = z.infer<typeof transitionSchema>;
