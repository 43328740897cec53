import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { makeQrShape, toQrPath } from "./qr-path";

/** Draws a QR shape's path (only the unit squares it is made of) as RGBA pixels, `scale` pixels a module. */
function rasterize(shape: { size: number; path: string }, scale = 4) {
  const width = shape.size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const match of shape.path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(match[1]), Number(match[2])];
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((y * scale + dy) * width + (x * scale + dx)) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }
  return { pixels, width };
}

describe("toQrPath", () => {
  it("draws one unit square per dark module, inside the quiet zone", () => {
    const dark = new Set(["0,0", "1,2"]);
    expect(toQrPath(3, (row, column) => dark.has(`${row},${column}`), 4)).toEqual({ size: 11, path: "M4 4h1v1h-1zM6 5h1v1h-1z" });
    expect(toQrPath(2, () => false, 1)).toEqual({ size: 4, path: "" });
  });
});

describe("makeQrShape", () => {
  it("encodes the whole link, fragment included, so a phone's camera opens exactly it", () => {
    const link = `https://video.example.com/continue#${"A1b2C3d4E5f6G7h8I9j0K_"}.1796155200.${"x".repeat(43)}`;
    const shape = makeQrShape(link);
    const { pixels, width } = rasterize(shape);
    expect(jsQR(pixels, width, width)?.data).toBe(link);
  });

  it("only ever emits the path commands of unit squares (nothing else reaches the SVG)", () => {
    const shape = makeQrShape("http://localhost:3000/continue#x");
    expect(shape.path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
  });
});
