import { describe, expect, it } from "vitest";
import type { CaptionStyle } from "../../../lib/contracts/story-spec";
import { CaptionPainter } from "./draw-text";
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
