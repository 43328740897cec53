import { describe, expect, it } from "vitest";
import { sanitizeFilename } from "./create-upload";

describe("sanitizeFilename", () => {
  it.each([
    ["plain", "holiday.jpg", "holiday.jpg"],
    ["unicode kept", "Été à Paris 🌞.jpg", "Été à Paris 🌞.jpg"],
    ["unix traversal", "../../etc/passwd", "passwd"],
    ["absolute unix path", "/home/me/photo.png", "photo.png"],
    ["windows path", "C:\\x\\y.jpg", "y.jpg"],
    ["mixed separators", "a/b\\c/d.webp", "d.webp"],
    ["empty", "", "photo"],
    ["only whitespace", "   ", "photo"],
    ["only a directory", "../../", "photo"],
    ["trailing separator", "dir\\", "photo"],
    ["control characters removed", "a\u0000b\u0001c\u001fd\u007fe.jpg", "abcde.jpg"],
    ["newline and tab removed", "new\nline\t.jpg", "newline.jpg"],
    ["only control characters", "\u0000\u0001\u0002", "photo"],
    ["double quotes removed", 'say "cheese".jpg', "say cheese.jpg"],
    ["surrounding whitespace trimmed", "  me.jpg  ", "me.jpg"],
  ])("%s: %j → %j", (_name, input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it("truncates a 300-character name to 200 characters", () => {
    const name = `${"n".repeat(296)}.jpg`;
    const clean = sanitizeFilename(name);
    expect(clean).toHaveLength(200);
    expect(clean).toBe("n".repeat(200));
  });

  it("keeps a 200-character name whole", () => {
    const name = `${"n".repeat(196)}.jpg`;
    expect(sanitizeFilename(name)).toBe(name);
  });

  it("truncates after stripping the path", () => {
    expect(sanitizeFilename(`${"d".repeat(500)}/short.jpg`)).toBe("short.jpg");
  });
});

describe("sanitizeFilename with astral characters", () => {
  it("never cuts an emoji in half", () => {
    const name = sanitizeFilename(`${"n".repeat(199)}😀.jpg`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith("😀")).toBe(true);
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});
