import { describe, expect, it } from "vitest";
import {
  CAPTION_MAX_LINES,
  CAPTION_MAX_LINES_AT_MIN,
  CAPTION_WIDTH_TOLERANCE,
  captionFontSize,
  captionFontSizes,
  captionMinFontSize,
  clampLines,
  doesCaptionFit,
  layoutCaption,
  measureWithContext,
  textDirection,
  wrapText,
  type MeasureAt,
} from "./caption";
import { captionFont } from "./fonts";

const length = (s: string) => s.length;

describe("wrapText (measure = character count)", () => {
  it.each<[string, string, number, string[]]>([
    ["fits on one line", "hello world", 20, ["hello world"]],
    ["exactly the width", "hello world", 11, ["hello world"]],
    ["wraps words greedily", "the quick brown fox jumps over", 10, ["the quick", "brown fox", "jumps over"]],
    ["one word per line", "aa bb cc", 3, ["aa", "bb", "cc"]],
    ["collapses runs of spaces", "a    b\t\tc", 10, ["a b c"]],
    ["ignores leading and trailing spaces", "  hi there  ", 20, ["hi there"]],
    ["breaks a long word by characters", "abcdefghijklm", 5, ["abcde", "fghij", "klm"]],
    ["a long word after a short one", "hi abcdefghijkl", 5, ["hi", "abcde", "fghij", "kl"]],
    ["continues after the tail of a broken word", "abcdefg xy z", 5, ["abcde", "fg xy", "z"]],
    ["keeps newline paragraphs", "first line\nsecond", 20, ["first line", "second"]],
    ["wraps inside each paragraph", "aaa bbb\nccc ddd", 4, ["aaa", "bbb", "ccc", "ddd"]],
    ["keeps an empty paragraph", "a\n\nb", 10, ["a", "", "b"]],
    ["empty text is one empty line", "", 10, [""]],
    ["breaks by code point, not UTF-16 unit", "ééééé", 2, ["éé", "éé", "é"]],
  ])("%s", (_name, text, maxWidth, expected) => {
    expect(wrapText(text, maxWidth, length)).toEqual(expected);
  });

  it("never splits a surrogate pair", () => {
    const lines = wrapText("😀😀😀", 4, length);
    expect(lines).toEqual(["😀😀", "😀"]);
  });

  it("uses the given measure", () => {
    // Every character is 10 wide: 3 characters per 35-wide line.
    expect(wrapText("abcdefg", 35, (s) => s.length * 10)).toEqual(["abc", "def", "g"]);
  });

  it("never exceeds maxWidth and loses no words (seeded random texts)", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 300; run++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
        "x".repeat(1 + Math.floor(random() * 25)),
      );
      const text = words.map((w, i) => (i > 0 && random() < 0.1 ? `\n${w}` : w)).join(" ");
      const maxWidth = 1 + Math.floor(random() * 30);
      const lines = wrapText(text, maxWidth, length);
      for (const line of lines) expect(line.length, `${JSON.stringify(text)} @ ${maxWidth}`).toBeLessThanOrEqual(maxWidth);
      // Nothing lost: the characters are all there.
      expect(lines.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
      expect(lines.length).toBeGreaterThanOrEqual(Math.ceil(text.replace(/\s/g, "").length / maxWidth));
    }
  });
});

describe("graphemes, lines, direction and layout", () => {
  it("never splits an emoji sequence or a flag", () => {
    expect(wrapText("👨‍👩‍👧🇫🇷", 1, length)).toEqual(["👨‍👩‍👧", "🇫🇷"]);
  });

  it("clampLines keeps the first lines and marks the cut", () => {
    expect(clampLines(["a", "b"], 4)).toEqual(["a", "b"]);
    expect(clampLines(["one", "two", "three"], 2)).toEqual(["one", "tw…"]);
  });

  it.each([
    ["Hello", "ltr"],
    ["عيد ميلاد سعيد", "rtl"],
    ["שלום עולם", "rtl"],
    ["123 שלום", "rtl"],
    ["生日快乐", "ltr"],
    ["🎉", "ltr"],
  ] as const)("direction of %s is %s", (text, direction) => {
    expect(textDirection(text)).toBe(direction);
  });

  const size = { width: 1280, height: 720 };
  it.each([
    ["top", (y: number) => y < 200],
    ["middle", (y: number) => y > 300 && y < 420],
    ["bottom", (y: number) => y > 550],
  ] as const)("puts a %s caption where it belongs", (position, inRange) => {
    const layout = layoutCaption("hello there", { position, size: "medium" }, size, () => (s) => s.length * 20);
    expect(layout.lines).toEqual(["hello there"]);
    expect(inRange(layout.lineY[0])).toBe(true);
    expect(layout.box.y).toBeGreaterThanOrEqual(0);
    expect(layout.box.y + layout.box.height).toBeLessThanOrEqual(size.height);
  });

  it("sizes text by the short side and keeps it within 84% of the width", () => {
    const small = layoutCaption("x", { position: "bottom", size: "small" }, size, () => length);
    const large = layoutCaption("x", { position: "bottom", size: "large" }, size, () => length);
    expect(small.fontSize).toBe(Math.round(720 * 0.045));
    expect(large.fontSize).toBe(Math.round(720 * 0.08));
    const long = layoutCaption("word ".repeat(200), { position: "bottom", size: "medium" }, size, geist);
    expect(long.isCut).toBe(true);
    expect(long.lines).toHaveLength(CAPTION_MAX_LINES_AT_MIN);
    for (const line of long.lines) expect(geist(long.fontSize)(line)).toBeLessThanOrEqual(1280 * 0.84);
  });
});

/** Geist Bold's mean advance, 0.4833 em a character (as @napi-rs/canvas measures it). */
const geist: MeasureAt = (px) => (s) => s.length * px * 0.4833;
const portrait = { width: 720, height: 1280 };
const large = { position: "bottom", size: "large" } as const;
const CAPTION_160 =
  "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";

describe("fitting a caption: shrink first, then more lines, then tell", () => {
  it("the sizes tried go down step by step from the style's size to its minimum", () => {
    const sizes = captionFontSizes(portrait, large);
    expect(sizes[0]).toBe(captionFontSize(portrait, large));
    expect(sizes.at(-1)).toBe(captionMinFontSize(portrait, large));
    expect(sizes.length).toBeGreaterThan(2);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThan(sizes[i - 1]);
  });

  it("a 160-character caption at 9:16 Large fits whole (it was cut after ~65 characters)", () => {
    expect(CAPTION_160).toHaveLength(160);
    const layout = layoutCaption(CAPTION_160, large, portrait, geist);
    expect(layout.isCut).toBe(false);
    expect(layout.lines.join(" ")).toBe(CAPTION_160);
    expect(layout.fontSize).toBeLessThan(captionFontSize(portrait, large));
    expect(layout.fontSize).toBeGreaterThanOrEqual(captionMinFontSize(portrait, large));
    expect(layout.box.y).toBeGreaterThanOrEqual(0);
    expect(doesCaptionFit(CAPTION_160, large, portrait, geist)).toBe(true);
  });

  it("shrinks before it adds lines: a caption that fits four lines at a smaller size keeps four", () => {
    // 100 characters: five lines at Large's full size, four once a little smaller.
    const text = CAPTION_160.slice(0, 100).trim();
    const full = wrapText(text, portrait.width * 0.84, geist(captionFontSize(portrait, large)));
    expect(full.length).toBeGreaterThan(CAPTION_MAX_LINES);
    const layout = layoutCaption(text, large, portrait, geist);
    expect(layout.lines.length).toBeLessThanOrEqual(CAPTION_MAX_LINES);
    expect(layout.fontSize).toBeGreaterThan(captionMinFontSize(portrait, large));
  });

  it("adds lines only at the minimum size", () => {
    const layout = layoutCaption(CAPTION_160, large, portrait, geist);
    expect(layout.lines.length).toBeGreaterThan(CAPTION_MAX_LINES);
    expect(layout.fontSize).toBe(captionMinFontSize(portrait, large));
  });

  it("a caption too long even then is marked cut, and a smaller size or a wider shape can fit it", () => {
    const text = `${CAPTION_160} ${CAPTION_160.slice(0, 139).trim()}`;
    expect(text).toHaveLength(300);
    const layout = layoutCaption(text, large, portrait, geist);
    expect(layout.isCut).toBe(true);
    expect(layout.lines).toHaveLength(CAPTION_MAX_LINES_AT_MIN);
    expect(layout.lines.at(-1)?.endsWith("…")).toBe(true);
    expect(doesCaptionFit(text, large, portrait, geist)).toBe(false);
    expect(doesCaptionFit(text, { position: "bottom", size: "small" }, portrait, geist)).toBe(true);
    expect(doesCaptionFit(text, large, { width: 1280, height: 720 }, geist)).toBe(true);
  });

  it("empty captions fit", () => {
    expect(doesCaptionFit(undefined, large, portrait, geist)).toBe(true);
    expect(doesCaptionFit("   ", large, portrait, geist)).toBe(true);
  });

  it("the tolerance lets through what another text engine measured a hair narrower, and no more", () => {
    // One word per line at the minimum size; its width is what decides.
    const min = captionMinFontSize(portrait, large);
    const limit = portrait.width * 0.84;
    const words = (width: number) => Array.from({ length: CAPTION_MAX_LINES_AT_MIN }, () => "w".repeat(Math.floor(width / (min * 0.4833))));
    const justOver = words(limit * 1.01).join(" ");
    expect(doesCaptionFit(justOver, large, portrait, geist)).toBe(false);
    expect(doesCaptionFit(justOver, large, portrait, geist, { tolerance: CAPTION_WIDTH_TOLERANCE })).toBe(true);
    const wellOver = words(limit * (1 + CAPTION_WIDTH_TOLERANCE) * 1.02).join(" ");
    expect(doesCaptionFit(wellOver, large, portrait, geist, { tolerance: CAPTION_WIDTH_TOLERANCE })).toBe(false);
  });
});

describe("fitting a caption in its face", () => {
  /** Geist's advance for sans (and no face), a narrower one for condensed; records the faces asked. */
  function byFace() {
    const asked: Array<string | undefined> = [];
    const measureAt: MeasureAt = (px, font) => {
      asked.push(font);
      return (s) => s.length * px * (font === "condensed" ? 0.36 : 0.4833);
    };
    return { asked, measureAt };
  }
  const text = `${CAPTION_160} ${CAPTION_160}`.slice(0, 240).trim();

  it("measures at every size in the style's face, so a narrower face fits more", () => {
    const sans = byFace();
    expect(doesCaptionFit(text, large, portrait, sans.measureAt)).toBe(false);
    expect(new Set(sans.asked)).toEqual(new Set([undefined]));
    const condensed = byFace();
    const layout = layoutCaption(text, { ...large, font: "condensed" }, portrait, condensed.measureAt);
    expect(layout.isCut).toBe(false);
    expect(layout.lines.join(" ")).toBe(text);
    expect(new Set(condensed.asked)).toEqual(new Set(["condensed"]));
  });

  it("measureWithContext sets the face's font string on the context", () => {
    const fonts: string[] = [];
    const ctx = {
      set font(value: string) {
        fonts.push(value);
      },
      get font() {
        return fonts.at(-1) ?? "";
      },
      measureText: (s: string) => ({ width: s.length }),
    };
    const measureAt = measureWithContext(ctx);
    measureAt(40)("a");
    measureAt(40, "serif")("a");
    measureAt(40, "serif")("b");
    measureAt(30, "handwritten")("a");
    expect(fonts).toEqual([captionFont(40), captionFont(40, "serif"), captionFont(30, "handwritten")]);
    expect(fonts[1].startsWith('bold 40px "Reelmaker Serif", "Reelmaker Sans"')).toBe(true);
  });
});
