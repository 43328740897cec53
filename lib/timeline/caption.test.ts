import { describe, expect, it } from "vitest";
import { clampLines, layoutCaption, textDirection, wrapText } from "./caption";

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
    const layout = layoutCaption("hello there", { position, size: "medium" }, size, (s) => s.length * 20);
    expect(layout.lines).toEqual(["hello there"]);
    expect(inRange(layout.lineY[0])).toBe(true);
    expect(layout.box.y).toBeGreaterThanOrEqual(0);
    expect(layout.box.y + layout.box.height).toBeLessThanOrEqual(size.height);
  });

  it("sizes text by the short side and keeps it within 84% of the width", () => {
    const small = layoutCaption("x", { position: "bottom", size: "small" }, size, length);
    const large = layoutCaption("x", { position: "bottom", size: "large" }, size, length);
    expect(small.fontSize).toBe(Math.round(720 * 0.045));
    expect(large.fontSize).toBe(Math.round(720 * 0.08));
    const long = layoutCaption("word ".repeat(200), { position: "bottom", size: "medium" }, size, (s) => s.length * 20);
    expect(long.lines).toHaveLength(4);
    for (const line of long.lines) expect(line.length * 20).toBeLessThanOrEqual(1280 * 0.84);
  });
});
