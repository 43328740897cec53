import type { CaptionFontId, CaptionStyle, TitleCard } from "../contracts/story-spec";
import { captionFont } from "./fonts";
import type { FrameSize } from "./timeline";

// Caption and title-card drawing, shared by the editor preview (a browser
// canvas) and the renderer (@napi-rs/canvas in the worker): one layout, one
// set of fonts, so the preview shows what the video will show. Only the
// standard Canvas 2D calls below are used.

/** The part of CanvasRenderingContext2D this module needs (browser and @napi-rs/canvas both have it). */
export interface CaptionContext {
  font: string;
  fillStyle: unknown;
  textAlign: string;
  textBaseline: string;
  direction: string;
  shadowColor: string;
  shadowBlur: number;
  shadowOffsetX: number;
  shadowOffsetY: number;
  save(): void;
  restore(): void;
  measureText(text: string): { width: number };
  fillText(text: string, x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  roundRect(x: number, y: number, w: number, h: number, radius: number): void;
  fill(): void;
}

const SIZE_FACTOR: Record<CaptionStyle["size"], number> = { small: 0.045, medium: 0.06, large: 0.08 };
/** Lines of a caption at its style's size and while it shrinks. */
export const CAPTION_MAX_LINES = 4;
/** Lines once it is at its smallest size. */
export const CAPTION_MAX_LINES_AT_MIN = 6;
/** The smallest size, a fraction of the style's size. */
export const CAPTION_MIN_SCALE = 0.6;
/** Each smaller size tried is this fraction of the last. */
export const CAPTION_SHRINK_STEP = 0.9;
/** The width of a caption line, a fraction of the frame's width. */
export const CAPTION_LINE_WIDTH = 0.84;
/** See LayoutCaptionOptions.tolerance. */
export const CAPTION_WIDTH_TOLERANCE = 0.03;
export const CAPTION_BOX_COLOR = "rgba(0, 0, 0, 0.55)";
export const TITLE_PHOTO_OVERLAY = "rgba(0, 0, 0, 0.45)";

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemes = (text: string) => Array.from(graphemeSegmenter.segment(text), (s) => s.segment);

/**
 * Greedy word wrap; a word longer than the line (or CJK text, which has no
 * spaces) is broken between graphemes, so an emoji or a flag is never cut.
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      let piece = "";
      for (const char of graphemes(word)) {
        if (measure(piece + char) > maxWidth && piece) {
          lines.push(piece);
          piece = "";
        }
        piece += char;
      }
      line = piece;
    }
    lines.push(line);
  }
  return lines;
}

/** Keeps at most `max` lines; the last kept line ends with an ellipsis when text was cut. */
export function clampLines(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = graphemes(kept[max - 1].trimEnd());
  kept[max - 1] = `${last.slice(0, Math.max(0, last.length - 1)).join("").trimEnd()}…`;
  return kept;
}

// Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** The base direction of a line: that of its first strong character (Unicode bidi rule P2). */
export function textDirection(text: string): "ltr" | "rtl" {
  for (const char of text) {
    if (RTL.test(char)) return "rtl";
    if (LTR.test(char)) return "ltr";
  }
  return "ltr";
}

export type CaptionLayout = {
  fontSize: number;
  lineHeight: number;
  lines: string[];
  /** Centre x of the text and the middle y of each line. */
  centerX: number;
  lineY: number[];
  box: { x: number; y: number; width: number; height: number; radius: number };
  /** True when the text did not fit even at the smallest size: the last line ends with an ellipsis. */
  isCut: boolean;
};

/**
 * Measures a string at a font size in pixels in a face (a canvas with
 * captionFont(size, font) set; the face is the caption style's, sans when
 * it names none).
 */
export type MeasureAt = (fontSize: number, font?: CaptionFontId) => (text: string) => number;

/** The size a caption starts at, by its style. */
export function captionFontSize(size: FrameSize, style: Pick<CaptionStyle, "size">): number {
  return Math.round(Math.min(size.width, size.height) * SIZE_FACTOR[style.size]);
}

/** The smallest a caption of this style is shrunk to (still easy to read on a phone). */
export function captionMinFontSize(size: FrameSize, style: Pick<CaptionStyle, "size">): number {
  return Math.round(captionFontSize(size, style) * CAPTION_MIN_SCALE);
}

/**
 * The font sizes a caption tries, largest first: its style's size, then
 * CAPTION_SHRINK_STEP smaller each step, down to its minimum.
 */
export function captionFontSizes(size: FrameSize, style: Pick<CaptionStyle, "size">): number[] {
  const start = captionFontSize(size, style);
  const min = captionMinFontSize(size, style);
  const sizes: number[] = [];
  for (let px = start; px > min; px = Math.floor(px * CAPTION_SHRINK_STEP)) sizes.push(px);
  sizes.push(min);
  return sizes;
}

type Placed = { fontSize: number; lines: string[]; measure: (s: string) => number };

/**
 * Where a caption's lines break and at what size: the style's size with up to
 * CAPTION_MAX_LINES lines; if that is too long, smaller sizes step by step
 * down to the minimum; only then more lines (up to CAPTION_MAX_LINES_AT_MIN,
 * as long as they stay inside the frame); null when even that is too long.
 */
function placeCaption(text: string, style: Pick<CaptionStyle, "size" | "font">, size: FrameSize, measureAt: MeasureAt, maxWidth: number): Placed | null {
  const sizes = captionFontSizes(size, style);
  for (const fontSize of sizes) {
    const measure = measureAt(fontSize, style.font);
    const lines = wrapText(text, maxWidth, measure);
    if (lines.length <= CAPTION_MAX_LINES) return { fontSize, lines, measure };
  }
  const fontSize = sizes[sizes.length - 1];
  const measure = measureAt(fontSize, style.font);
  const lines = wrapText(text, maxWidth, measure);
  const short = Math.min(size.width, size.height);
  const room = size.height - 2 * Math.round(short * 0.07) - 2 * Math.round(fontSize * 0.45);
  if (lines.length <= CAPTION_MAX_LINES_AT_MIN && lines.length * Math.round(fontSize * 1.3) <= room) return { fontSize, lines, measure };
  return null;
}

export type LayoutCaptionOptions = {
  /**
   * Extra width (a fraction of the line width) a caption may take when it
   * does not fit in the normal width. The editor (browser canvas) decides
   * with 0; the renderer and the order check (Skia in Node) with
   * CAPTION_WIDTH_TOLERANCE, so that a caption the editor accepted is never
   * cut or refused because two text engines measured it a pixel apart.
   */
  tolerance?: number;
};

export function layoutCaption(
  text: string,
  style: Pick<CaptionStyle, "position" | "size" | "font">,
  size: FrameSize,
  measureAt: MeasureAt,
  options: LayoutCaptionOptions = {},
): CaptionLayout {
  const short = Math.min(size.width, size.height);
  const trimmed = text.trim();
  const maxWidth = size.width * CAPTION_LINE_WIDTH;
  let placed = placeCaption(trimmed, style, size, measureAt, maxWidth);
  if (!placed && options.tolerance) placed = placeCaption(trimmed, style, size, measureAt, maxWidth * (1 + options.tolerance));
  const isCut = !placed;
  if (!placed) {
    const fontSize = captionMinFontSize(size, style);
    const measure = measureAt(fontSize, style.font);
    placed = { fontSize, measure, lines: clampLines(wrapText(trimmed, maxWidth, measure), CAPTION_MAX_LINES_AT_MIN) };
  }
  const { fontSize, lines, measure } = placed;
  const lineHeight = Math.round(fontSize * 1.3);
  const margin = Math.round(short * 0.07);
  const padding = Math.round(fontSize * 0.45);
  const blockHeight = lines.length * lineHeight;
  const blockWidth = Math.max(0, ...lines.map(measure));
  const top =
    style.position === "top"
      ? margin + padding
      : style.position === "middle"
        ? Math.round((size.height - blockHeight) / 2)
        : size.height - margin - padding - blockHeight;
  return {
    fontSize,
    lineHeight,
    lines,
    centerX: size.width / 2,
    lineY: lines.map((_, i) => top + lineHeight * (i + 0.5)),
    box: {
      x: (size.width - blockWidth) / 2 - padding,
      y: top - padding,
      width: blockWidth + padding * 2,
      height: blockHeight + padding * 2,
      radius: padding,
    },
    isCut,
  };
}

/** What the editor shows on a slide, and the order API answers, when a caption cannot fit. */
export const CAPTION_TOO_LONG_MESSAGE = "This caption is too long for this size and shape: shorten it or pick a smaller size";

/** Whether a caption fits its frame without being cut (empty captions fit). */
export function doesCaptionFit(
  text: string | undefined,
  style: Pick<CaptionStyle, "position" | "size" | "font">,
  size: FrameSize,
  measureAt: MeasureAt,
  options: LayoutCaptionOptions = {},
): boolean {
  if (!text?.trim()) return true;
  return !layoutCaption(text, style, size, measureAt, options).isCut;
}

/** A MeasureAt over one canvas context: sets its font for each size and face asked. */
export function measureWithContext(ctx: Pick<CaptionContext, "font" | "measureText">): MeasureAt {
  // The font last set here (browsers hand ctx.font back normalised, so it is not compared).
  let current: string | null = null;
  return (fontSize, face) => {
    const font = captionFont(fontSize, face);
    return (s) => {
      if (current !== font) {
        ctx.font = font;
        current = font;
      }
      return ctx.measureText(s).width;
    };
  };
}

function drawLines(ctx: CaptionContext, lines: string[], centerX: number, lineY: number[]) {
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  lines.forEach((line, i) => {
    ctx.direction = textDirection(line);
    ctx.fillText(line, centerX, lineY[i]);
  });
}

function setShadow(ctx: CaptionContext, fontSize: number) {
  ctx.shadowColor = "rgba(0, 0, 0, 0.85)";
  ctx.shadowBlur = Math.max(2, Math.round(fontSize * 0.2));
  ctx.shadowOffsetX = 0;
  ctx.shadowOffsetY = Math.max(1, Math.round(fontSize * 0.06));
}

/** Draws a slide's caption onto a frame-sized canvas. */
export function drawCaption(
  ctx: CaptionContext,
  text: string,
  style: CaptionStyle,
  size: FrameSize,
  options: LayoutCaptionOptions = {},
): CaptionLayout | null {
  if (!text.trim()) return null;
  ctx.save();
  const layout = layoutCaption(text, style, size, measureWithContext(ctx), options);
  ctx.font = captionFont(layout.fontSize, style.font);
  if (style.background === "box") {
    ctx.fillStyle = CAPTION_BOX_COLOR;
    ctx.beginPath();
    ctx.roundRect(layout.box.x, layout.box.y, layout.box.width, layout.box.height, layout.box.radius);
    ctx.fill();
  } else if (style.background === "shadow") {
    setShadow(ctx, layout.fontSize);
  }
  ctx.fillStyle = style.color;
  drawLines(ctx, layout.lines, layout.centerX, layout.lineY);
  ctx.restore();
  return layout;
}

/**
 * Draws the title card's colour (or, over a photo the caller has drawn, a
 * darkening veil) and its title and subtitle, centred, in the card's face.
 */
export function drawTitleCard(ctx: CaptionContext, card: TitleCard, size: FrameSize): void {
  const short = Math.min(size.width, size.height);
  ctx.save();
  ctx.fillStyle = card.background === "photo" ? TITLE_PHOTO_OVERLAY : card.backgroundColor;
  ctx.fillRect(0, 0, size.width, size.height);
  const titleSize = Math.round(short * 0.09);
  const subtitleSize = Math.round(short * 0.05);
  ctx.font = captionFont(titleSize, card.font);
  const titleLines = clampLines(wrapText(card.title.trim(), size.width * 0.84, (s) => ctx.measureText(s).width), 3);
  ctx.font = captionFont(subtitleSize, card.font);
  const subtitle = card.subtitle?.trim() ?? "";
  const subtitleLines = subtitle ? clampLines(wrapText(subtitle, size.width * 0.84, (s) => ctx.measureText(s).width), 3) : [];
  const titleLineHeight = Math.round(titleSize * 1.25);
  const subtitleLineHeight = Math.round(subtitleSize * 1.3);
  const gap = subtitleLines.length ? Math.round(subtitleSize * 0.8) : 0;
  const blockHeight = titleLines.length * titleLineHeight + gap + subtitleLines.length * subtitleLineHeight;
  const top = (size.height - blockHeight) / 2;
  ctx.fillStyle = card.textColor;
  if (card.background === "photo") setShadow(ctx, titleSize);
  ctx.font = captionFont(titleSize, card.font);
  drawLines(ctx, titleLines, size.width / 2, titleLines.map((_, i) => top + titleLineHeight * (i + 0.5)));
  ctx.font = captionFont(subtitleSize, card.font);
  const subtitleTop = top + titleLines.length * titleLineHeight + gap;
  drawLines(ctx, subtitleLines, size.width / 2, subtitleLines.map((_, i) => subtitleTop + subtitleLineHeight * (i + 0.5)));
  ctx.restore();
}
