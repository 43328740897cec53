import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CAPTION_FONT_NAMES } from "../contracts/story-spec";
import { CAPTION_FACES, CAPTION_FONT_IDS, CAPTION_FONTS, CAPTION_FONT_STACK, captionFont, captionFontStack } from "./fonts";

const FONT_DIR = path.join(import.meta.dirname, "..", "..", "public", "fonts");

describe("caption fonts", () => {
  it("draws a caption that names no face exactly as before faces could be chosen", () => {
    const before = 'bold 48px "Reelmaker Sans", "Reelmaker Arabic", "Reelmaker Hebrew", "Reelmaker CJK", "Reelmaker Emoji"';
    expect(captionFont(48)).toBe(before);
    expect(captionFont(48, "sans")).toBe(before);
    expect(captionFont(47.6)).toBe(before);
    expect(`bold 48px ${CAPTION_FONT_STACK}`).toBe(before);
  });

  it.each(["serif", "handwritten", "condensed"] as const)("%s: its face first, then Sans for missing Latin letters, then every script fallback", (id) => {
    expect(captionFontStack(id)).toBe(
      `"${CAPTION_FACES[id].family}", "Reelmaker Sans", "Reelmaker Arabic", "Reelmaker Hebrew", "Reelmaker CJK", "Reelmaker Emoji"`,
    );
    expect(captionFont(30, id)).toBe(`bold 30px ${captionFontStack(id)}`);
  });

  it("offers every face the spec accepts, each its own family and file", () => {
    expect([...CAPTION_FONT_IDS].sort()).toEqual([...CAPTION_FONT_NAMES].sort());
    expect(new Set(CAPTION_FONTS.map((f) => f.family)).size).toBe(CAPTION_FONTS.length);
    expect(new Set(CAPTION_FONTS.map((f) => f.file)).size).toBe(CAPTION_FONTS.length);
  });

  it("ships every file in public/fonts, with its licence named in the fonts README", () => {
    const readme = readFileSync(path.join(FONT_DIR, "README.md"), "utf8");
    for (const font of CAPTION_FONTS) {
      expect(existsSync(path.join(FONT_DIR, font.file)), font.file).toBe(true);
      expect(readme, font.file).toContain(font.file);
    }
    for (const licence of readme.match(/[\w-]+-LICENSE\.txt/g) ?? []) {
      const text = readFileSync(path.join(FONT_DIR, licence), "utf8");
      expect(text, licence).toMatch(/SIL Open Font License/i);
    }
    // The picked faces' files come with the full licence text, their authors' copyright first.
    for (const id of CAPTION_FONT_IDS) {
      const row = readme.split("\n").find((line) => line.includes(CAPTION_FACES[id].file));
      const licence = row?.match(/OFL 1\.1 \(([\w-]+-LICENSE\.txt)\)/)?.[1];
      expect(licence, id).toBeDefined();
      const text = readFileSync(path.join(FONT_DIR, licence!), "utf8");
      expect(text, licence).toMatch(/^Copyright .+ Authors|^Copyright \(c\) 2023 Vercel/);
      expect(text, licence).toContain("SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007");
    }
  });

  it("declares every family for the browser (app/fonts.css) with the very file the renderer loads", () => {
    const css = readFileSync(path.join(import.meta.dirname, "..", "..", "app", "fonts.css"), "utf8");
    const faces = [...css.matchAll(/font-family:\s*"([^"]+)";\s*src:\s*url\("\/fonts\/([^"]+)"\)/g)].map((m) => ({ family: m[1], file: m[2] }));
    expect(faces).toEqual(expect.arrayContaining(CAPTION_FONTS.map((f) => ({ ...f }))));
    expect(faces).toHaveLength(CAPTION_FONTS.length);
  });
});
