import { describe, expect, it } from "vitest";
import { MAX_CAPTION_LENGTH, MAX_SLIDES, storySpecSchema } from "./story-spec";

const slides = (n: number) => Array.from({ length: n }, (_, i) => ({ assetId: `asset-${i}` }));

describe("storySpecSchema defaults", () => {
  it("fills in every default for a minimal spec", () => {
    const parsed = storySpecSchema.parse({ slides: [{ assetId: "a" }] });
    expect(parsed).toEqual({
      aspectRatio: "16:9",
      resolution: "720p",
      transition: "crossfade",
      slides: [
        {
          assetId: "a",
          durationMs: 3000,
          captionStyle: { position: "bottom", size: "medium", color: "#ffffff", background: "box" },
          kenBurns: false,
          fit: "cover",
          focus: { x: 0.5, y: 0.5 },
          kenBurnsDirection: "auto",
        },
      ],
    });
    expect(parsed.title).toBeUndefined();
  });

  it("keeps explicit values", () => {
    const parsed = storySpecSchema.parse({
      title: "Trip",
      aspectRatio: "9:16",
      resolution: "1080p",
      transition: "none",
      slides: [{ assetId: "a", durationMs: 1000, caption: "hi" }],
    });
    expect(parsed).toEqual({
      title: "Trip",
      aspectRatio: "9:16",
      resolution: "1080p",
      transition: "none",
      slides: [
        {
          assetId: "a",
          durationMs: 1000,
          caption: "hi",
          captionStyle: { position: "bottom", size: "medium", color: "#ffffff", background: "box" },
          kenBurns: false,
          fit: "cover",
          focus: { x: 0.5, y: 0.5 },
          kenBurnsDirection: "auto",
        },
      ],
    });
  });
});

describe("storySpecSchema accepts", () => {
  it.each<[string, unknown]>([
    ["1 slide", { slides: slides(1) }],
    [`${MAX_SLIDES} slides`, { slides: slides(MAX_SLIDES) }],
    ["durationMs 1000", { slides: [{ assetId: "a", durationMs: 1000 }] }],
    ["durationMs 10000", { slides: [{ assetId: "a", durationMs: 10_000 }] }],
    ["a caption of exactly 300 characters", { slides: [{ assetId: "a", caption: "x".repeat(MAX_CAPTION_LENGTH) }] }],
    ["aspect ratio 1:1", { aspectRatio: "1:1", slides: slides(1) }],
    ...(["crossfade", "slide", "wipe", "zoom", "none"] as const).map((transition) => [`transition ${transition}`, { transition, slides: slides(2) }] as [string, unknown]),
    [
      "every option",
      {
        title: "Trip",
        titleCard: { title: "Our trip", subtitle: "2026 ✈️", background: "photo", backgroundColor: "#102030", textColor: "#FFEEDD", durationMs: 4000 },
        music: { assetId: "song" },
        slides: [
          { assetId: "a", caption: "مرحبا", captionStyle: { position: "top", size: "large", color: "#ff0000", background: "shadow" }, kenBurns: true, fit: "blur", durationMs: 5000 },
          { assetId: "b", captionStyle: { background: "none" }, focus: { x: 0, y: 1 }, kenBurns: true, kenBurnsDirection: "out" },
        ],
      },
    ],
  ])("%s", (_name, input) => {
    expect(storySpecSchema.safeParse(input).success).toBe(true);
  });

  it.each([
    ["quotes", `He said "hi" and 'bye'`],
    ["backslashes", "C:\\path\\to \\\\ x"],
    ["colons", "time: 10:30"],
    ["percent", "50% off %s %d %%"],
    ["braces and brackets", "{a} [b] (c) ${d}"],
    ["newlines", "line one\nline two"],
    ["tabs", "a\tb"],
    ["ffmpeg filter syntax", "drawtext=text='x':fontfile=/etc/passwd;[out]"],
    ["emoji", "Summer 🌞🏖️👨‍👩‍👧"],
    ["Arabic", "مرحبا بالعالم"],
  ])("a caption with %s, unchanged", (_name, caption) => {
    const parsed = storySpecSchema.parse({ slides: [{ assetId: "a", caption }] });
    expect(parsed.slides[0].caption).toBe(caption);
  });
});

describe("storySpecSchema rejects", () => {
  it.each<[string, unknown, string]>([
    ["empty slides", { slides: [] }, "slides"],
    ["101 slides", { slides: slides(MAX_SLIDES + 1) }, "slides"],
    ["no slides field", {}, "slides"],
    ["slides not an array", { slides: "a" }, "slides"],
    ["an unknown top-level field", { slides: slides(1), soundtrack: "x" }, ""],
    ["an unknown slide field", { slides: [{ assetId: "a", filter: "x" }] }, "slides.0"],
    ["durationMs 999", { slides: [{ assetId: "a", durationMs: 999 }] }, "slides.0.durationMs"],
    ["durationMs 10001", { slides: [{ assetId: "a", durationMs: 10_001 }] }, "slides.0.durationMs"],
    ["durationMs 1.5", { slides: [{ assetId: "a", durationMs: 1.5 }] }, "slides.0.durationMs"],
    ["durationMs 1000.5", { slides: [{ assetId: "a", durationMs: 1000.5 }] }, "slides.0.durationMs"],
    ["negative durationMs", { slides: [{ assetId: "a", durationMs: -3000 }] }, "slides.0.durationMs"],
    ["durationMs as a string", { slides: [{ assetId: "a", durationMs: "3000" }] }, "slides.0.durationMs"],
    ["durationMs NaN", { slides: [{ assetId: "a", durationMs: Number.NaN }] }, "slides.0.durationMs"],
    ["a caption of 301 characters", { slides: [{ assetId: "a", caption: "x".repeat(MAX_CAPTION_LENGTH + 1) }] }, "slides.0.caption"],
    ["a caption with a NUL byte", { slides: [{ assetId: "a", caption: "hello\u0000world" }] }, "slides.0.caption"],
    ["a caption with an escape character", { slides: [{ assetId: "a", caption: "\u001b[31mred" }] }, "slides.0.caption"],
    ["a caption with DEL", { slides: [{ assetId: "a", caption: "a\u007fb" }] }, "slides.0.caption"],
    ["a caption with a carriage return", { slides: [{ assetId: "a", caption: "a\rb" }] }, "slides.0.caption"],
    ["a title with a NUL byte", { title: "a\u0000", slides: slides(1) }, "title"],
    ["a title of 121 characters", { title: "t".repeat(121), slides: slides(1) }, "title"],
    ["a bad aspectRatio", { aspectRatio: "4:3", slides: slides(1) }, "aspectRatio"],
    ["a bad resolution", { resolution: "4k", slides: slides(1) }, "resolution"],
    ["a bad transition", { transition: "spin", slides: slides(1) }, "transition"],
    ["a caption colour that is not #rrggbb", { slides: [{ assetId: "a", captionStyle: { color: "red" } }] }, "slides.0.captionStyle.color"],
    ["a bad caption position", { slides: [{ assetId: "a", captionStyle: { position: "left" } }] }, "slides.0.captionStyle.position"],
    ["an unknown caption style field", { slides: [{ assetId: "a", captionStyle: { weight: "x" } }] }, "slides.0.captionStyle"],
    ["an unknown caption font", { slides: [{ assetId: "a", captionStyle: { font: "comic" } }] }, "slides.0.captionStyle.font"],
    ["a caption font that is a font string", { slides: [{ assetId: "a", captionStyle: { font: 'bold 40px "Reelmaker Serif"' } }] }, "slides.0.captionStyle.font"],
    ["a title card with an unknown font", { titleCard: { title: "x", font: "Arial" }, slides: slides(1) }, "titleCard.font"],
    ["Ken Burns that is not a boolean", { slides: [{ assetId: "a", kenBurns: "yes" }] }, "slides.0.kenBurns"],
    ["a bad fit", { slides: [{ assetId: "a", fit: "stretch" }] }, "slides.0.fit"],
    ["a focus x above 1", { slides: [{ assetId: "a", focus: { x: 1.2, y: 0.5 } }] }, "slides.0.focus.x"],
    ["a negative focus y", { slides: [{ assetId: "a", focus: { x: 0.5, y: -0.1 } }] }, "slides.0.focus.y"],
    ["a focus without y", { slides: [{ assetId: "a", focus: { x: 0.5 } }] }, "slides.0.focus.y"],
    ["a focus in pixels", { slides: [{ assetId: "a", focus: { x: "120px", y: 0.5 } }] }, "slides.0.focus.x"],
    ["a focus with an unknown field", { slides: [{ assetId: "a", focus: { x: 0.5, y: 0.5, z: 1 } }] }, "slides.0.focus"],
    ["a bad Ken Burns direction", { slides: [{ assetId: "a", kenBurns: true, kenBurnsDirection: "spin" }] }, "slides.0.kenBurnsDirection"],
    ["a title card without a title", { titleCard: { title: "  " }, slides: slides(1) }, "titleCard.title"],
    ["a title card lasting 20 s", { titleCard: { title: "x", durationMs: 20_000 }, slides: slides(1) }, "titleCard.durationMs"],
    ["a title card with an unknown background", { titleCard: { title: "x", background: "video" }, slides: slides(1) }, "titleCard.background"],
    ["music without an asset", { music: {}, slides: slides(1) }, "music.assetId"],
    ["a missing assetId", { slides: [{ caption: "x" }] }, "slides.0.assetId"],
    ["an empty assetId", { slides: [{ assetId: "" }] }, "slides.0.assetId"],
    ["an assetId of 65 characters", { slides: [{ assetId: "a".repeat(65) }] }, "slides.0.assetId"],
    ["a bad slide among good ones", { slides: [{ assetId: "a" }, { assetId: "b", durationMs: 50 }] }, "slides.1.durationMs"],
  ])("%s", (_name, input, path) => {
    const result = storySpecSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((issue) => issue.path.join("."))).toContain(path);
    }
  });

  it.each([null, undefined, "spec", 42, []])("a non-object body (%s)", (input) => {
    expect(storySpecSchema.safeParse(input).success).toBe(false);
  });

  it("names the fonts a caption may use", () => {
    const result = storySpecSchema.safeParse({ slides: [{ assetId: "a", captionStyle: { font: "comic" } }] });
    expect(result.error?.issues[0].message).toBe('A font is one of "sans", "serif", "handwritten", "condensed"');
  });

  it("explains a focus point out of range", () => {
    const result = storySpecSchema.safeParse({ slides: [{ assetId: "a", focus: { x: 1.5, y: 0.5 } }, { assetId: "b", focus: { x: 0.5, y: Number.NaN } }] });
    expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "slides.0.focus.x: The focus point's x must be from 0 to 1 (0 is the photo's left edge, 1 its right edge)",
      "slides.1.focus.y: The focus point's y must be a number from 0 to 1",
    ]);
  });

  it("keeps a focus point and a direction; each slide gets its own default focus object", () => {
    const parsed = storySpecSchema.parse({ slides: [{ assetId: "a", focus: { x: 0, y: 1 }, kenBurns: true, kenBurnsDirection: "pan" }, { assetId: "b" }, { assetId: "c" }] });
    expect(parsed.slides[0]).toMatchObject({ focus: { x: 0, y: 1 }, kenBurnsDirection: "pan" });
    expect(parsed.slides[1].focus).toEqual({ x: 0.5, y: 0.5 });
    expect(parsed.slides[1].focus).not.toBe(parsed.slides[2].focus);
  });

  it.each([
    [-1, "music.startMs cannot be negative"],
    [1.5, "music.startMs must be a whole number of milliseconds"],
    [30 * 60 * 1000 + 1, "The song can start at most 30 minutes in"],
    ["10", undefined],
  ])("refuses music.startMs %s with a clear message", (startMs, message) => {
    const result = storySpecSchema.safeParse({ slides: [{ assetId: "a" }], music: { assetId: "m", startMs } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["music", "startMs"]);
    if (message) expect(result.error?.issues[0].message).toBe(message);
  });

  it("plays music from its beginning unless told where to start", () => {
    expect(storySpecSchema.parse({ slides: [{ assetId: "a" }], music: { assetId: "m" } }).music).toEqual({ assetId: "m", startMs: 0 });
    expect(storySpecSchema.parse({ slides: [{ assetId: "a" }], music: { assetId: "m", startMs: 30 * 60 * 1000 } }).music?.startMs).toBe(1_800_000);
  });

  it("explains control characters in captions", () => {
    const result = storySpecSchema.safeParse({ slides: [{ assetId: "a", caption: "\u0000" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("A caption contains control characters");
  });
});

describe("ids in a story", () => {
  it.each([
    ["a NUL in a photo id", { slides: [{ assetId: "a\u0000" }] }, /slides\.0\.assetId.*not a valid id/],
    ["a slash in a photo id", { slides: [{ assetId: "../x" }] }, /slides\.0\.assetId.*not a valid id/],
    ["a NUL in the music id", { slides: [{ assetId: "a" }], music: { assetId: "\u0000" } }, /music\.assetId.*not a valid id/],
    ["a 65-character id", { slides: [{ assetId: "a".repeat(65) }] }, /not a valid id/],
  ])("refuses %s", (_name, spec, message) => {
    const result = storySpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues.map((i) => `${i.path.join(".")} ${i.message}`))).toMatch(message);
  });
});

describe("caption and title card fonts", () => {
  it.each(["sans", "serif", "handwritten", "condensed"] as const)("accepts %s for a caption and the title card", (font) => {
    const parsed = storySpecSchema.parse({ titleCard: { title: "T", font }, slides: [{ assetId: "a", captionStyle: { font } }] });
    expect(parsed.slides[0].captionStyle.font).toBe(font);
    expect(parsed.titleCard?.font).toBe(font);
  });

  it("fills in no font for a spec that names none (frozen specs keep rendering in sans, byte for byte the same spec)", () => {
    const parsed = storySpecSchema.parse({ titleCard: { title: "T" }, slides: [{ assetId: "a", caption: "hi" }] });
    expect(parsed.slides[0].captionStyle).toEqual({ position: "bottom", size: "medium", color: "#ffffff", background: "box" });
    expect("font" in parsed.slides[0].captionStyle).toBe(false);
    expect(parsed.titleCard && "font" in parsed.titleCard).toBe(false);
  });
});
