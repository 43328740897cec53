import path from "node:path";
import { fileURLToPath } from "node:url";
import { GlobalFonts, createCanvas, type Canvas, type SKRSContext2D } from "@napi-rs/canvas";
import type { CaptionStyle, TitleCard } from "../../../lib/contracts/story-spec";
import {
  CAPTION_FONTS,
  CAPTION_WIDTH_TOLERANCE,
  drawCaption,
  drawTitleCard,
  layoutCaption,
  measureWithContext,
  type CaptionContext,
  type FrameSize,
} from "../../../lib/timeline";
import { rgbaToYuvOverlay, type YuvOverlay } from "./pixels/reference";

// Captions and title cards are drawn by the shared lib/timeline/caption.ts
// (the editor preview draws with the very same functions and fonts) into
// pixels with @napi-rs/canvas, so caption text never reaches an ffmpeg
// argument. The fonts are the files in public/fonts, registered once per
// process (GlobalFonts is the canvas library's own process-wide registry).

export const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../public/fonts");

export function registerCaptionFonts(): void {
  for (const font of CAPTION_FONTS) {
    if (GlobalFonts.has(font.family)) continue;
    const file = path.join(FONT_DIR, font.file);
    if (!GlobalFonts.registerFromPath(file, font.family)) throw new Error(`Could not load font ${file}`);
  }
}

const floorEven = (n: number) => 2 * Math.floor(n / 2);
const ceilEven = (n: number) => 2 * Math.ceil(n / 2);

/**
 * The rectangle of the frame a caption can paint: its box (or text block)
 * plus room for the shadow, clamped to the frame, with even edges.
 */
export function captionRect(layout: { box: { x: number; y: number; width: number; height: number }; fontSize: number }, size: FrameSize) {
  const margin = Math.ceil(layout.fontSize * 0.6);
  const x0 = Math.max(0, floorEven(layout.box.x - margin));
  const y0 = Math.max(0, floorEven(layout.box.y - margin));
  const x1 = Math.min(size.width, ceilEven(layout.box.x + layout.box.width + margin));
  const y1 = Math.min(size.height, ceilEven(layout.box.y + layout.box.height + margin));
  return { x: x0, y: y0, width: Math.max(2, x1 - x0), height: Math.max(2, y1 - y0) };
}

/**
 * Draws captions and title cards into yuv overlays. One canvas serves every
 * caption of a render, grown when a caption needs more room: a new canvas
 * per caption left ~2 MB of pixels with the allocator until the next
 * garbage collection (~20 MB more memory over a long story). Part of a
 * render's resources (render-resources.ts).
 */
export class CaptionPainter {
  private captionCanvas: { canvas: Canvas; ctx: SKRSContext2D } | null = null;
  private measuringContext: SKRSContext2D | null = null;

  private captionContext(width: number, height: number): SKRSContext2D {
    const current = this.captionCanvas;
    if (!current || current.canvas.width < width || current.canvas.height < height) {
      const canvas = createCanvas(Math.max(width, current?.canvas.width ?? 0), Math.max(height, current?.canvas.height ?? 0));
      this.captionCanvas = { canvas, ctx: canvas.getContext("2d") };
    }
    return this.captionCanvas!.ctx;
  }

  /** A slide's caption as a yuv overlay of the part of the frame it covers, or null for no caption. */
  caption(text: string | undefined, style: CaptionStyle, size: FrameSize): YuvOverlay | null {
    if (!text?.trim()) return null;
    registerCaptionFonts();
    this.measuringContext ??= createCanvas(2, 2).getContext("2d");
    // The tolerance: a caption the editor (a browser's text engine) found to fit is drawn whole.
    const options = { tolerance: CAPTION_WIDTH_TOLERANCE };
    const layout = layoutCaption(text, style, size, measureWithContext(this.measuringContext), options);
    const rect = captionRect(layout, size);
    const ctx = this.captionContext(rect.width, rect.height);
    ctx.save();
    // Exactly as on a canvas of the rectangle's size: cleared, clipped to it.
    ctx.clearRect(0, 0, rect.width, rect.height);
    ctx.beginPath();
    ctx.rect(0, 0, rect.width, rect.height);
    ctx.clip();
    // Draw in frame coordinates; only the caption's rectangle is rasterised.
    ctx.translate(-rect.x, -rect.y);
    drawCaption(ctx as unknown as CaptionContext, text, style, size, options);
    ctx.restore();
    return rgbaToYuvOverlay(ctx.getImageData(0, 0, rect.width, rect.height).data, rect);
  }

  /**
   * A title card over the whole frame: opaque when its background is a
   * colour; a veil and text (to composite over the photo) when it is a photo.
   */
  title(card: TitleCard, size: FrameSize): YuvOverlay {
    registerCaptionFonts();
    const canvas = createCanvas(size.width, size.height);
    const ctx = canvas.getContext("2d");
    drawTitleCard(ctx as unknown as CaptionContext, card, size);
    return rgbaToYuvOverlay(ctx.getImageData(0, 0, size.width, size.height).data, { x: 0, y: 0, ...size });
  }
}
