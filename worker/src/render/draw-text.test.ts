import { describe, expect, it, vi } from "vitest";
import type { CaptionStyle } from "../../../lib/contracts/story-spec";
import type { YuvOverlay } from "./compose";

const size = { width: 1280, height: 720 };
const boxed: CaptionStyle = { position: "bottom", size: "large", color: "#ffe066", background: "box" };
const shadowed: CaptionStyle = { position: "top", size: "small", color: "#ffffff", background: "shadow" };
const LONG = "A long caption that wraps over two or three lines across the frame, with a box behind it 🌍";
const SHORT = "مرحبا بالعالم — short";

async function freshDrawText() {
  vi.resetModules();
  return import("./draw-text");
}

const planes = (o: YuvOverlay) => [o.lumaAlpha, o.lumaPremultiplied, o.chromaAlpha, o.uPremultiplied, o.vPremultiplied].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));

describe("renderCaptionOverlay", () => {
  it("draws a caption on the reused canvas exactly as on a new canvas of its own size", async () => {
    // Reference: each caption drawn first thing in a fresh module, on a canvas made for it.
    const shortAlone = (await freshDrawText()).renderCaptionOverlay(SHORT, shadowed, size)!;
    const longAlone = (await freshDrawText()).renderCaptionOverlay(LONG, boxed, size)!;
    // Now one module, a larger caption first, so the small one is drawn on a canvas left bigger and dirty.
    const reused = await freshDrawText();
    const first = reused.renderCaptionOverlay(LONG, boxed, size)!;
    const second = reused.renderCaptionOverlay(SHORT, shadowed, size)!;
    const third = reused.renderCaptionOverlay(LONG, boxed, size)!;

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

  it("returns no overlay for an empty or blank caption", async () => {
    const { renderCaptionOverlay } = await freshDrawText();
    expect(renderCaptionOverlay(undefined, boxed, size)).toBeNull();
    expect(renderCaptionOverlay("  \n ", boxed, size)).toBeNull();
  });
});
