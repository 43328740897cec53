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
import { applyMusicTiming, type MusicTiming } from "./music-timing";

// The editor's state and the pure conversions between it, the saved draft,
// the story spec sent to POST /api/orders, and the spec the preview's
// timeline is computed from.

export type UploadState =
  /** Waiting for a free upload slot. */
  | { status: "queued" }
  | { status: "uploading"; progress: number }
  | { status: "ready" }
  /** Failed on the way (network, server busy): can be tried again. */
  | { status: "failed"; reason: string }
  /** Not usable (wrong type, too large, not a real photo): only removal helps. */
  | { status: "refused"; reason: string };

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

/** Slides that will be in the video: everything not refused or failed. */
export const isInVideo = (slide: EditorSlide) => slide.upload.status !== "refused" && slide.upload.status !== "failed";

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
  const pending = slides.filter((slide) => slide.upload.status === "queued" || slide.upload.status === "uploading").length;
  const broken = slides.filter((slide) => slide.upload.status === "failed" || slide.upload.status === "refused").length;
  if (slides.length === 0) return "Add at least one photo to make a video.";
  if (pending > 0) return `Wait for ${pending === 1 ? "1 photo" : `${pending} photos`} to finish uploading.`;
  if (broken > 0) return `Remove or retry the ${broken === 1 ? "photo that" : `${broken} photos that`} could not be uploaded.`;
  if (ready === 0) return "Add at least one photo to make a video.";
  if (music && music.upload.status !== "ready") {
    return music.upload.status === "failed" || music.upload.status === "refused"
      ? "Remove or retry the music, which could not be uploaded."
      : "Wait for the music to finish uploading.";
  }
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
      .filter((slide) => slide.upload.status === "ready" && slide.assetId)
      .map((slide) => ({
        assetId: slide.assetId!,
        caption: slide.caption.trim() ? slide.caption : undefined,
        captionStyle: slide.captionStyle,
        durationMs: slide.durationMs,
        kenBurns: slide.kenBurns,
        fit: slide.fit,
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
