import type { Draft, DraftSlide, DraftTitleCard } from "@/lib/contracts/draft";
import {
  DEFAULT_CAPTION_STYLE,
  DEFAULT_SLIDE_MS,
  type AspectRatio,
  type CaptionStyle,
  type Fit,
  type Resolution,
  type StorySpecInput,
  type Transition,
} from "@/lib/contracts/story-spec";
import { CAPTION_TOO_LONG_MESSAGE, type TimelineSpec } from "@/lib/timeline";
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
};

export type EditorMusic = {
  key: string;
  name: string;
  upload: UploadState;
  assetId?: string;
  url?: string;
};

export type EditorSettings = {
  title: string;
  aspectRatio: AspectRatio;
  resolution: Resolution;
  transition: Transition;
  titleCard: DraftTitleCard;
};

export const DEFAULT_TITLE_CARD: DraftTitleCard = {
  enabled: false,
  title: "",
  subtitle: "",
  background: "color",
  backgroundColor: "#1f2937",
  textColor: "#ffffff",
  durationMs: DEFAULT_SLIDE_MS,
};

export const DEFAULT_SETTINGS: EditorSettings = {
  title: "",
  aspectRatio: "16:9",
  resolution: "720p",
  transition: "crossfade",
  titleCard: DEFAULT_TITLE_CARD,
};

let counter = 0;
export const nextKey = (prefix = "slide") => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function newSlide(name: string, upload: UploadState): EditorSlide {
  return {
    key: nextKey(),
    name,
    upload,
    caption: "",
    captionStyle: { ...DEFAULT_CAPTION_STYLE },
    durationMs: DEFAULT_SLIDE_MS,
    kenBurns: false,
    fit: "cover",
  };
}

/** Slides that will be in the video: everything not refused (a failed upload is tried again; it stays in the story and the preview). */
export const isInVideo = (slide: EditorSlide) => slide.upload.status !== "refused";

/** The spec the preview plays: slides keyed by their local key, so photos still uploading are shown too. */
export function toPreviewSpec(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): TimelineSpec {
  const usable = slides.filter(isInVideo);
  return {
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
    })),
  };
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
  if (ready === 0) return "Add at least one photo to make a video.";
  if (settings.titleCard.enabled && !settings.titleCard.title.trim()) return "Give the title card a title, or turn it off.";
  const cut = slides.findIndex((slide) => cutCaptions.has(slide.key));
  if (cut >= 0) return `Photo ${cut + 1}: ${CAPTION_TOO_LONG_MESSAGE}.`;
  return null;
}

/** The body of POST /api/orders. Call only when findBlocker says nothing. */
export function toStorySpec(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): StorySpecInput {
  return {
    title: settings.title.trim() || undefined,
    aspectRatio: settings.aspectRatio,
    resolution: settings.resolution,
    transition: settings.transition,
    titleCard: toTitleCard(settings.titleCard),
    music: music?.assetId ? { assetId: music.assetId } : undefined,
    slides: slides
      .filter((slide) => slide.upload.status === "ready" && slide.assetId)
      .map((slide) => ({
        assetId: slide.assetId!,
        caption: slide.caption.trim() ? slide.caption : undefined,
        captionStyle: slide.captionStyle,
        durationMs: slide.durationMs,
        kenBurns: slide.kenBurns,
        fit: slide.fit,
      })),
  };
}

/** What is saved on the server: settings and the photos that finished uploading. */
export function toDraft(settings: EditorSettings, slides: EditorSlide[], music: EditorMusic | null): Draft {
  return {
    ...settings,
    music: music?.assetId && music.upload.status === "ready" ? { assetId: music.assetId, name: music.name } : null,
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
      thumbUrl: urls[slide.assetId],
      previewUrl: urls[slide.assetId],
      isRemote: true,
    })),
    music: music ? { key: nextKey("music"), name: music.name, upload: { status: "ready" }, assetId: music.assetId, url: urls[music.assetId] } : null,
  };
}
