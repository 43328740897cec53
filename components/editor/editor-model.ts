import { DEFAULT_DRAFT_TITLE_CARD, type Draft, type DraftSlide, type DraftTitleCard, type ThemeId } from "@/lib/contracts/draft";
import {
  DEFAULT_CAPTION_STYLE,
  DEFAULT_FOCUS,
  DEFAULT_SLIDE_MS,
  type AspectRatio,
  type CaptionStyle,
  type Fit,
  type Focus,
  type KenBurnsDirection,
  type Resolution,
  type StorySpecInput,
  type Transition,
} from "@/lib/contracts/story-spec";
import { CAPTION_TOO_LONG_MESSAGE, type TimelineSpec } from "@/lib/timeline";
import { applyMusicTiming, type MusicTiming } from "./music-timing";
import { findUploadBlocker } from "./upload-summary";

// The editor's state and the pure conversions between it, the saved draft,
// the story spec sent to POST /api/orders, and the spec the preview's
// timeline is computed from.

export type UploadState =
  /** Waiting for a free upload slot. */
  | { status: "queued" }
  | { status: "uploading"; progress: number }
  | { status: "ready" }
  /**
   * Failed on the way (network, server busy): Retry tries again. `retry` says
   * when it is tried again by itself (use-uploads): when the browser is back
   * online, or at a time (backoff); absent once the automatic tries are used up.
   */
  | { status: "failed"; reason: string; retry?: AutoRetry }
  /** Not usable (wrong type, too large, not a real photo): the server or a check said no; only removal helps. */
  | { status: "refused"; reason: string };

export type AutoRetry = { kind: "connection" } | { kind: "timer"; at: number };

export type EditorSlide = {
  /** Stable local id (list key, drag id, preview image key). */
  key: string;
  name: string;
  upload: UploadState;
  assetId?: string;
  /** Small image for the list, made in the browser (or the stored photo after a reload). */
  thumbUrl?: string;
  /** The browser could not decode the file for a thumbnail (the server check says whether it is usable). */
  hasNoThumb?: boolean;
  /** Bigger image the preview draws. */
  previewUrl?: string;
  /** Whether previewUrl is on another origin (needs crossOrigin to draw on a readable canvas). */
  isRemote?: boolean;
  width?: number;
  height?: number;
  caption: string;
  captionStyle: CaptionStyle;
  durationMs: number;
  kenBurns: boolean;
  fit: Fit;
  /** The worker could not read this photo when the story was last ordered: it must be replaced (or removed). */
  unreadable?: boolean;
  /** The point of the photo kept in view (fractions from its top left). */
  focus: Focus;
  kenBurnsDirection: KenBurnsDirection;
};

export type EditorMusic = {
  key: string;
  name: string;
  upload: UploadState;
  assetId?: string;
  url?: string;
} & MusicTiming & {
  /** The song's length as decoded in the browser. */
  songMs?: number;
  /** Finding the song's beat (use-music-beat): under way, done (beat set, or none found), or the song could not be decoded here. */
  beatStatus?: "finding" | "found" | "none" | "failed";
};

export type EditorSettings = {
  title: string;
  aspectRatio: AspectRatio;
  resolution: Resolution;
  transition: Transition;
  titleCard: DraftTitleCard;
  /** The look picked last (components/editor/themes.ts); photos added later get its caption style. */
  theme?: ThemeId;
};

export const DEFAULT_TITLE_CARD: DraftTitleCard = { ...DEFAULT_DRAFT_TITLE_CARD, font: "sans" };

export const DEFAULT_SETTINGS: EditorSettings = {
  title: "",
  aspectRatio: "16:9",
  resolution: "720p",
  transition: "crossfade",
  titleCard: DEFAULT_TITLE_CARD,
  theme: "classic",
};

let counter = 0;
export const nextKey = (prefix = "slide") => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function newSlide(name: string, upload: UploadState, captionStyle: CaptionStyle = DEFAULT_CAPTION_STYLE): EditorSlide {
  return {
    key: nextKey(),
    name,
    upload,
    caption: "",
    captionStyle: { ...captionStyle },
    durationMs: DEFAULT_SLIDE_MS,
    kenBurns: false,
    fit: "cover",
    focus: { ...DEFAULT_FOCUS },
    kenBurnsDirection: "auto",
  };
}

/** Slides that will be in the video: everything not refused and not flagged unreadable (a failed upload is tried again; it stays in the story and the preview). */
export const isInVideo = (slide: EditorSlide) => slide.upload.status !== "refused" && !slide.unreadable;

/** The message a photo that could not be read shows on its card and in the order bar. */
export const UNREADABLE_PHOTO_MESSAGE = "could not be read — replace it";

/** The spec the preview plays: slides keyed by their local key, so photos still uploading are shown too. */
export function toPreviewSpec(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): TimelineSpec {
  const usable = slides.filter(isInVideo);
  return applyMusicTiming({
    aspectRatio: settings.aspectRatio,
    resolution: settings.resolution,
    transition: settings.transition,
    titleCard: toTitleCard(settings.titleCard),
    music: music ? { assetId: music.key } : undefined,
    slides: usable.map((slide) => ({
      assetId: slide.key,
      caption: slide.caption.trim() ? slide.caption : undefined,
      captionStyle: slide.captionStyle,
      durationMs: slide.durationMs,
      kenBurns: slide.kenBurns,
      fit: slide.fit,
      focus: slide.focus,
      kenBurnsDirection: slide.kenBurnsDirection,
    })),
  }, music);
}

function toTitleCard(card: DraftTitleCard) {
  if (!card.enabled || !card.title.trim()) return undefined;
  return {
    title: card.title.trim(),
    subtitle: card.subtitle.trim() || undefined,
    background: card.background,
    backgroundColor: card.backgroundColor,
    textColor: card.textColor,
    durationMs: card.durationMs,
    font: card.font,
  };
}

/** Why the story cannot be ordered yet, in words for the customer; null when it can. */
export function findBlocker(
  settings: EditorSettings,
  slides: EditorSlide[],
  music: EditorMusic | null,
  /** Keys of the slides whose caption does not fit (use-caption-fit). */
  cutCaptions: ReadonlySet<string> = new Set(),
): string | null {
  const ready = slides.filter((slide) => slide.upload.status === "ready").length;
  if (slides.length === 0) return "Add at least one photo to make a video.";
  // No photo is left out silently: each one still uploading, waiting or refused stops the order, and says so.
  const uploads = findUploadBlocker(slides, music);
  if (uploads) return uploads;
  const unreadable = slides.findIndex((slide) => slide.unreadable);
  if (unreadable >= 0) return `Photo ${unreadable + 1} (${slides[unreadable].name}) ${UNREADABLE_PHOTO_MESSAGE}, or remove it.`;
  if (ready === 0) return "Add at least one photo to make a video.";
  if (settings.titleCard.enabled && !settings.titleCard.title.trim()) return "Give the title card a title, or turn it off.";
  const cut = slides.findIndex((slide) => cutCaptions.has(slide.key));
  if (cut >= 0) return `Photo ${cut + 1}: ${CAPTION_TOO_LONG_MESSAGE}.`;
  return null;
}

/** The body of POST /api/orders. Call only when findBlocker says nothing. */
export function toStorySpec(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): StorySpecInput {
  return applyMusicTiming({
    title: settings.title.trim() || undefined,
    aspectRatio: settings.aspectRatio,
    resolution: settings.resolution,
    transition: settings.transition,
    titleCard: toTitleCard(settings.titleCard),
    music: music?.assetId ? { assetId: music.assetId } : undefined,
    slides: slides
      .filter((slide) => slide.upload.status === "ready" && slide.assetId && !slide.unreadable)
      .map((slide) => ({
        assetId: slide.assetId!,
        caption: slide.caption.trim() ? slide.caption : undefined,
        captionStyle: slide.captionStyle,
        durationMs: slide.durationMs,
        kenBurns: slide.kenBurns,
        fit: slide.fit,
        focus: slide.focus,
        kenBurnsDirection: slide.kenBurnsDirection,
      })),
  }, music);
}

/** What is saved on the server: settings and the photos that finished uploading. */
export function toDraft(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): Draft {
  return {
    ...settings,
    music: music?.assetId && music.upload.status === "ready" ? toDraftMusic(music as EditorMusic & { assetId: string }) : null,
    slides: slides
      .filter((slide) => slide.upload.status === "ready" && slide.assetId)
      .map(
        (slide): DraftSlide => ({
          assetId: slide.assetId!,
          name: slide.name,
          width: slide.width,
          height: slide.height,
          caption: slide.caption,
          captionStyle: slide.captionStyle,
          durationMs: slide.durationMs,
          kenBurns: slide.kenBurns,
          fit: slide.fit,
          ...(slide.unreadable ? { unreadable: true } : {}),
          focus: slide.focus,
          kenBurnsDirection: slide.kenBurnsDirection,
        }),
      ),
  };
}

export function fromDraft(draft: Draft, urls: Record<string, string>): { settings: EditorSettings; slides: EditorSlide[]; music: EditorMusic | null } {
  const { slides, music, ...settings } = draft;
  return {
    settings,
    slides: slides.map((slide) => ({
      ...slide,
      key: nextKey(),
      upload: { status: "ready" },
      // A photo that could not be read is not shown (the browser could not draw it either).
      thumbUrl: slide.unreadable ? undefined : urls[slide.assetId],
      previewUrl: slide.unreadable ? undefined : urls[slide.assetId],
      hasNoThumb: slide.unreadable || undefined,
      isRemote: true,
    })),
    music: music
      ? {
          ...music,
          key: nextKey("music"),
          upload: { status: "ready" },
          url: urls[music.assetId],
          beatStatus: music.beat ? "found" : music.songMs ? "none" : undefined,
        }
      : null,
  };
}

/** The saved music: the song, where it starts and its beat (only the fields that are set, so older drafts read back the same). */
function toDraftMusic(music: EditorMusic & { assetId: string }): NonNullable<Draft["music"]> {
  return {
    assetId: music.assetId,
    name: music.name,
    ...(music.startMs ? { startMs: music.startMs } : {}),
    ...(music.songMs ? { songMs: music.songMs } : {}),
    ...(music.onBeat ? { onBeat: true } : {}),
    ...(music.beat ? { beat: { bpm: music.beat.bpm, periodMs: music.beat.periodMs, phaseMs: music.beat.phaseMs } } : {}),
  };
}
