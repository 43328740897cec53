import "server-only";
import path from "node:path";
import { GlobalFonts, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import type { StorySpec } from "../../contracts/story-spec";
import {
  CAPTION_FONTS,
  CAPTION_TOO_LONG_MESSAGE,
  CAPTION_WIDTH_TOLERANCE,
  doesCaptionFit,
  getFrameSize,
  measureWithContext,
} from "../../timeline";
import { AppError } from "../errors/app-error";

// The order check of captions: each one laid out exactly as the renderer lays
// it out (lib/timeline/caption.ts, the same fonts from public/fonts, measured
// by Skia through @napi-rs/canvas as in the worker, with the renderer's width
// tolerance), so a story is refused here exactly when its video would show a
// cut caption. The editor runs the same layout in the browser with no
// tolerance, so what it lets a customer order is never refused here.

const FONT_DIR = path.join(process.cwd(), "public", "fonts");
let measuring: SKRSContext2D | null = null;

function getMeasuringContext(): SKRSContext2D {
  if (measuring) return measuring;
  for (const font of CAPTION_FONTS) {
    const file = path.join(FONT_DIR, font.file);
    if (!GlobalFonts.registerFromPath(file, font.family)) throw new Error(`Could not load font ${file}`);
  }
  measuring = createCanvas(2, 2).getContext("2d");
  return measuring;
}

/** The indexes of the slides whose caption would be cut in the video. */
export function findCutCaptions(spec: Pick<StorySpec, "aspectRatio" | "resolution" | "slides">): number[] {
  if (!spec.slides.some((slide) => slide.caption?.trim())) return [];
  const size = getFrameSize(spec.aspectRatio, spec.resolution);
  const measureAt = measureWithContext(getMeasuringContext());
  const cut: number[] = [];
  spec.slides.forEach((slide, index) => {
    if (!doesCaptionFit(slide.caption, slide.captionStyle, size, measureAt, { tolerance: CAPTION_WIDTH_TOLERANCE })) cut.push(index);
  });
  return cut;
}

/** Refuses (422) a story whose video would cut a caption, naming the first such photo. */
export function assertCaptionsFit(spec: Pick<StorySpec, "aspectRatio" | "resolution" | "slides">): void {
  const cut = findCutCaptions(spec);
  if (!cut.length) return;
  const photos = cut.map((index) => index + 1);
  const which = photos.length === 1 ? `Photo ${photos[0]}` : `Photos ${photos.slice(0, 5).join(", ")}${photos.length > 5 ? "…" : ""}`;
  throw new AppError("validation_failed", `${which} (slides.${cut[0]}.caption): ${CAPTION_TOO_LONG_MESSAGE}.`);
}
