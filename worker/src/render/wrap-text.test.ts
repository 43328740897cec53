import { describe, expect, it } from "vitest";
import { wrapText } from "./draw-caption";

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
