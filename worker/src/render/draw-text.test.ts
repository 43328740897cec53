import path from "node:path";
import { GlobalFonts, createCanvas } from "@napi-rs/canvas";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaptionFontId, CaptionStyle } from "../../../lib/contracts/story-spec";
import { CAPTION_FACES, CAPTION_FONT_IDS, CAPTION_WIDTH_TOLERANCE, layoutCaption, measureWithContext } from "../../../lib/timeline";
import { CaptionPainter, FONT_DIR, registerCaptionFonts } from "./draw-text";
import type { YuvOverlay } from "./pixels/reference";

const size = { width: 1280, height: 720 };
const boxed: CaptionStyle = { position: "bottom", size: "large", color: "#ffe066", background: "box" };
const shadowed: CaptionStyle = { position: "top", size: "small", color: "#ffffff", background: "shadow" };
const LONG = "A long caption that wraps over two or three lines across the frame, with a box behind it 🌍";
const SHORT = "مرحبا بالعالم — short";

/** A painter of its own: a caption canvas nothing was drawn on yet. */
const freshPainter = () => new CaptionPainter();

const planes = (o: YuvOverlay) => [o.lumaAlpha, o.lumaPremultiplied, o.chromaAlpha, o.uPremultiplied, o.vPremultiplied].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));

describe("CaptionPainter.caption", () => {
  it("draws a caption on the reused canvas exactly as on a new canvas of its own size", () => {
    // Reference: each caption drawn first thing by a fresh painter, on a canvas made for it.
    const shortAlone = freshPainter().caption(SHORT, shadowed, size)!;
    const longAlone = freshPainter().caption(LONG, boxed, size)!;
    // Now one painter, a larger caption first, so the small one is drawn on a canvas left bigger and dirty.
    const reused = freshPainter();
    const first = reused.caption(LONG, boxed, size)!;
    const second = reused.caption(SHORT, shadowed, size)!;
    const third = reused.caption(LONG, boxed, size)!;

    // The short caption fits inside the long one's canvas, so that canvas is reused, not replaced.
    expect(longAlone.width).toBeGreaterThanOrEqual(shortAlone.width);
    expect(longAlone.height).toBeGreaterThanOrEqual(shortAlone.height);
    expect(longAlone.width * longAlone.height).toBeGreaterThan(shortAlone.width * shortAlone.height);
    expect(shortAlone.lumaAlpha.some((a) => a > 0)).toBe(true);
    for (const [got, want] of [
      [first, longAlone],
      [second, shortAlone],
      [third, longAlone],
    ] as const) {
      expect({ x: got.x, y: got.y, width: got.width, height: got.height }).toEqual({ x: want.x, y: want.y, width: want.width, height: want.height });
      planes(got).forEach((plane, i) => expect(plane.equals(planes(want)[i]), `plane ${i}`).toBe(true));
    }
  });

  it("returns no overlay for an empty or blank caption", () => {
    const painter = freshPainter();
    expect(painter.caption(undefined, boxed, size)).toBeNull();
    expect(painter.caption("  \n ", boxed, size)).toBeNull();
  });
});

describe("caption faces", () => {
  // Each face's file registered again under a name of this test's own, so the
  // reference widths come straight from the file, not through lib/timeline/fonts.ts.
  const testFamily = (id: CaptionFontId) => `Face Test ${id}`;
  beforeAll(() => {
    for (const id of CAPTION_FONT_IDS) expect(GlobalFonts.registerFromPath(path.join(FONT_DIR, CAPTION_FACES[id].file), testFamily(id))).toBeTruthy();
  });
  const bare = (font: CaptionFontId | undefined): CaptionStyle => ({ position: "middle", size: "large", color: "#ffffff", background: "none", font });
  const TEXT = "Sunrise over Lisbon";

  /** The ink's width in an overlay: the span of columns with a pixel more than half opaque. */
  function inkWidth(overlay: YuvOverlay): number {
    let left = overlay.width;
    let right = -1;
    for (let row = 0; row < overlay.height; row++) {
      for (let col = 0; col < overlay.width; col++) {
        if (overlay.lumaAlpha[row * overlay.width + col] > 128) {
          left = Math.min(left, col);
          right = Math.max(right, col);
        }
      }
    }
    return right - left + 1;
  }

  /** The ink width of the text in a face's own file at a pixel size. */
  function referenceInkWidth(id: CaptionFontId, px: number): number {
    const ctx = createCanvas(2, 2).getContext("2d");
    ctx.font = `bold ${px}px "${testFamily(id)}"`;
    const metrics = ctx.measureText(TEXT);
    return metrics.actualBoundingBoxLeft + metrics.actualBoundingBoxRight;
  }

  it.each(CAPTION_FONT_IDS)("draws %s with its own file: the ink is as wide as that face's, and no other's", (id) => {
    registerCaptionFonts();
    const style = bare(id);
    const layout = layoutCaption(TEXT, style, size, measureWithContext(createCanvas(2, 2).getContext("2d")), { tolerance: CAPTION_WIDTH_TOLERANCE });
    expect(layout.lines).toEqual([TEXT]);
    const drawn = inkWidth(freshPainter().caption(TEXT, style, size)!);
    const own = referenceInkWidth(id, layout.fontSize);
    expect(Math.abs(drawn - own), `${id}: drawn ${drawn} px, its face ${own} px`).toBeLessThanOrEqual(2);
    for (const other of CAPTION_FONT_IDS.filter((o) => o !== id)) {
      const theirs = referenceInkWidth(other, layout.fontSize);
      expect(Math.abs(drawn - theirs), `${id} drawn ${drawn} px, ${other} would be ${theirs} px`).toBeGreaterThan(15);
    }
  });

  it("draws a style that names no face exactly as sans, pixel for pixel", () => {
    const unnamed = freshPainter().caption(LONG, boxed, size)!;
    const sans = freshPainter().caption(LONG, { ...boxed, font: "sans" }, size)!;
    expect({ x: sans.x, y: sans.y, width: sans.width, height: sans.height }).toEqual({ x: unnamed.x, y: unnamed.y, width: unnamed.width, height: unnamed.height });
    planes(sans).forEach((plane, i) => expect(plane.equals(planes(unnamed)[i]), `plane ${i}`).toBe(true));
    const serif = freshPainter().caption(LONG, { ...boxed, font: "serif" }, size)!;
    expect(planes(serif)[0].equals(planes(sans)[0])).toBe(false);
  });

  it("draws the title card in its face", () => {
    const card = { title: "Our summer", background: "color" as const, backgroundColor: "#000000", textColor: "#ffffff", durationMs: 3000 };
    const ink = (font?: CaptionFontId) => {
      const overlay = freshPainter().title({ ...card, font }, size);
      // The card is opaque: its ink is where luma is bright.
      let left = size.width;
      let right = -1;
      for (let i = 0; i < overlay.lumaPremultiplied.length; i++) {
        if (overlay.lumaPremultiplied[i] > 128 * 255) {
          const col = i % size.width;
          left = Math.min(left, col);
          right = Math.max(right, col);
        }
      }
      return right - left + 1;
    };
    const titlePx = Math.round(size.height * 0.09);
    const reference = (id: CaptionFontId) => {
      const ctx = createCanvas(2, 2).getContext("2d");
      ctx.font = `bold ${titlePx}px "${testFamily(id)}"`;
      const m = ctx.measureText(card.title);
      return m.actualBoundingBoxLeft + m.actualBoundingBoxRight;
    };
    expect(ink()).toBe(ink("sans"));
    for (const id of CAPTION_FONT_IDS) expect(Math.abs(ink(id) - reference(id)), id).toBeLessThanOrEqual(2);
  });
});
