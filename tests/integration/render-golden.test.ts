import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storySpecSchema, type CaptionFontId, type CaptionStyle, type StorySpecInput } from "../../lib/contracts/story-spec";
import type { AudioContentType } from "../../lib/contracts/upload";
import {
  CAPTION_WIDTH_TOLERANCE,
  captionFontSize,
  computeTimeline,
  drawCaption,
  drawTitleCard,
  kenBurnsAt,
  kenBurnsMotionFor,
  layoutCaption,
  measureWithContext,
  transitionProgress,
  type CaptionContext,
} from "../../lib/timeline";
import { registerCaptionFonts } from "../../worker/src/render/draw-text";
import { renderStory, UnreadableMusicError } from "../../worker/src/render/render-story";
import { createRenderResources } from "../../worker/src/render/render-resources";
import { FramePool, generateStoryFrames } from "../../worker/src/render/story-frames";
import {
  grabFrameAt,
  makeBandedPhoto,
  makePhoto,
  makeSolidPhoto,
  makeTone,
  meanColor,
  meanVolumeDb,
  probeAudio,
  probeVideo,
  readGrayFrames,
  readTopLevelBoxes,
  regionDifference,
} from "../support/media";

// Golden-frame tests: real ffmpeg on small generated inputs; each looks at
// decoded pixels (or, for sub-pixel motion, at the exact frames the renderer
// pipes to the encoder) and compares them with what lib/timeline says.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-golden-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function workDirFor(name: string) {
  const workDir = path.join(dir, `${name}-${(counter += 1)}`);
  await mkdir(workDir);
  return workDir;
}

/** `music` must be inside the job's folder: pass the folder it was made in. */
async function render(name: string, specInput: StorySpecInput, photos: string[], music?: { file: string; contentType: AudioContentType }, jobDir?: string) {
  const workDir = jobDir ?? (await workDirFor(name));
  const spec = storySpecSchema.parse(specInput);
  const result = await renderStory({ spec, photos, workDir, music });
  return { ...result, spec };
}

type Rgb = { r: number; g: number; b: number };
const RED = { r: 220, g: 30, b: 30 };
const GREEN = { r: 30, g: 200, b: 40 };
const BLUE = { r: 30, g: 40, b: 220 };
const YELLOW = { r: 230, g: 220, b: 40 };
const hex = (c: Rgb) => `#${[c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
const mix = (a: Rgb, b: Rgb, p: number): Rgb => ({ r: a.r * (1 - p) + b.r * p, g: a.g * (1 - p) + b.g * p, b: a.b * (1 - p) + b.b * p });

/** Asserts a measured colour is within `tolerance` of the expected one on every channel. */
function expectColor(actual: Rgb, expected: Rgb, tolerance = 14) {
  for (const channel of ["r", "g", "b"] as const) {
    expect(Math.abs(actual[channel] - expected[channel]), `${channel}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`).toBeLessThanOrEqual(tolerance);
  }
}

const W = 1280;
const H = 720;
const patch = (x: number, y: number) => ({ x: Math.round(x) - 5, y: Math.round(y) - 5, width: 10, height: 10 });

describe("transitions follow transitionLayers at their midpoint", () => {
  // Two 1 s slides: 30 frames each, a 15-frame transition from frame 15.
  // Frame 22 is k = 7 of 15: p = 7/15.
  const k = 7;
  const p = transitionProgress(k, 15);
  const frame = 15 + k;
  let outgoing: string;
  let incoming: string;
  beforeAll(async () => {
    const workDir = await workDirFor("transition-photos");
    outgoing = await makeBandedPhoto(path.join(workDir, "out.jpg"), {
      width: W, height: H, direction: "horizontal",
      bands: [{ color: hex(RED), from: 0, to: 0.5 }, { color: hex(GREEN), from: 0.5, to: 1 }],
    });
    incoming = await makeBandedPhoto(path.join(workDir, "in.jpg"), {
      width: W, height: H, direction: "horizontal",
      bands: [{ color: hex(BLUE), from: 0, to: 0.5 }, { color: hex(YELLOW), from: 0.5, to: 1 }],
    });
  });

  const story = (transition: StorySpecInput["transition"]): StorySpecInput => ({
    transition,
    slides: [{ assetId: "a", durationMs: 1000 }, { assetId: "b", durationMs: 1000 }],
  });

  it("crossfade: both slides blended, p of the incoming", async () => {
    const { video, spec } = await render("crossfade", story("crossfade"), [outgoing, incoming]);
    const timeline = computeTimeline(spec);
    expect(timeline.transitions[0]).toMatchObject({ startFrame: 15, frames: 15, style: "crossfade" });
    const mid = await grabFrameAt(video, frame);
    expectColor(meanColor(mid, W, patch(300, 360)), mix(RED, BLUE, p));
    expectColor(meanColor(mid, W, patch(980, 360)), mix(GREEN, YELLOW, p));
    // Before the transition only the outgoing; on the frame after it only the incoming.
    expectColor(meanColor(await grabFrameAt(video, 14), W, patch(300, 360)), RED);
    expectColor(meanColor(await grabFrameAt(video, 30), W, patch(300, 360)), BLUE);
  });

  it("wipe: incoming left of x = p·width, outgoing right of it, a hard edge", async () => {
    const { video } = await render("wipe", story("wipe"), [outgoing, incoming]);
    const mid = await grabFrameAt(video, frame);
    const edge = p * W; // ≈ 597
    expectColor(meanColor(mid, W, patch(edge - 30, 360)), BLUE);
    expectColor(meanColor(mid, W, patch(edge + 30, 360)), RED);
    expectColor(meanColor(mid, W, patch(1000, 360)), GREEN);
  });

  it("slide: both pushed left by p·width; the incoming enters from the right", async () => {
    const { video } = await render("slide", story("slide"), [outgoing, incoming]);
    const mid = await grabFrameAt(video, frame);
    const shift = p * W; // ≈ 597: screen x shows the outgoing's x + shift, and the incoming's x - (W - shift)
    expectColor(meanColor(mid, W, patch(20, 360)), RED); // outgoing x ≈ 617 < 640
    expectColor(meanColor(mid, W, patch(300, 360)), GREEN); // outgoing x ≈ 897
    expectColor(meanColor(mid, W, patch(W - shift + 100, 360)), BLUE); // incoming x ≈ 100
    expectColor(meanColor(mid, W, patch(W - 20, 360)), BLUE); // incoming x ≈ 577 < 640
  });

  it("zoom: the outgoing grows about the centre to 1 + 0.5p while the incoming fades in", async () => {
    const workDir = await workDirFor("zoom-photos");
    // A white square of side 200 in the middle of black.
    const sharp = (await import("sharp")).default;
    const withSquare = path.join(workDir, "square.png");
    await sharp({ create: { width: W, height: H, channels: 3, background: "#000000" } }).composite([{ input: { create: { width: 200, height: 200, channels: 3, background: "#ffffff" } }, left: 540, top: 260 }]).png().toFile(withSquare);
    const plainBlue = await makeSolidPhoto(path.join(workDir, "blue.png"), { width: W, height: H, color: BLUE });
    const { video } = await render("zoom", story("zoom"), [withSquare, plainBlue]);
    const mid = await grabFrameAt(video, frame);
    const scale = 1 + 0.5 * p; // ≈ 1.233: the square now spans 640 ± 123
    const white = { r: 255, g: 255, b: 255 };
    const black = { r: 0, g: 0, b: 0 };
    expectColor(meanColor(mid, W, patch(640 + 100 * scale - 12, 360)), mix(white, BLUE, p));
    expectColor(meanColor(mid, W, patch(640 - 100 * scale + 12, 360)), mix(white, BLUE, p));
    expectColor(meanColor(mid, W, patch(640 + 100 * scale + 20, 360)), mix(black, BLUE, p));
    expectColor(meanColor(mid, W, patch(640, 360 + 100 * scale - 12)), mix(white, BLUE, p));
  });

  it('"none": a hard cut, frame-exact', async () => {
    const { video, timeline } = await render("cut", story("none"), [outgoing, incoming]);
    expect(timeline.totalFrames).toBe(60);
    expectColor(meanColor(await grabFrameAt(video, 29), W, patch(300, 360)), RED);
    expectColor(meanColor(await grabFrameAt(video, 30), W, patch(300, 360)), BLUE);
    expect((await probeVideo(video)).frames).toBe(60);
  });
});

describe("captions", () => {
  const GREY = { r: 120, g: 120, b: 120 };

  /** The frame as the editor preview draws it: grey, then drawCaption with the same fonts. */
  function referenceFrame(text: string, style: CaptionStyle, size: { width: number; height: number }) {
    registerCaptionFonts();
    const canvas = createCanvas(size.width, size.height);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = hex(GREY);
    ctx.fillRect(0, 0, size.width, size.height);
    drawCaption(ctx as unknown as CaptionContext, text, style, size, { tolerance: CAPTION_WIDTH_TOLERANCE });
    return { data: ctx.getImageData(0, 0, size.width, size.height).data, width: size.width, channels: 4 };
  }

  function captionBox(text: string, style: CaptionStyle, size: { width: number; height: number }) {
    registerCaptionFonts();
    const ctx = createCanvas(2, 2).getContext("2d");
    const box = layoutCaption(text, style, size, measureWithContext(ctx), { tolerance: CAPTION_WIDTH_TOLERANCE }).box;
    return { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
  }

  const literal = "it's 50% off: {a} \\ b";
  const CAPTION_160 =
    "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";
  const cases: Array<{ name: string; text: string; style: CaptionStyle; decoy: string; aspectRatio: "16:9" | "9:16" }> = [
    { name: "top, large, red, box", text: "Top of the frame", style: { position: "top", size: "large", color: "#ff3030", background: "box" }, decoy: "Top of the frame!", aspectRatio: "16:9" },
    { name: "middle, small, shadow", text: literal, style: { position: "middle", size: "small", color: "#ffffff", background: "shadow" }, decoy: "it's 50% off: {a} \\\\ b", aspectRatio: "16:9" },
    { name: "bottom, medium, yellow, no background", text: literal, style: { position: "bottom", size: "medium", color: "#ffee00", background: "none" }, decoy: "its 50 off: a b", aspectRatio: "16:9" },
    // 160 characters at 9:16 Large: shrunk to fit whole (it used to end in "…" after ~65 characters, the decoy).
    { name: "a 160-character caption at 9:16 Large, whole", text: CAPTION_160, style: { position: "bottom", size: "large", color: "#ffffff", background: "box" }, decoy: `${CAPTION_160.slice(0, 64)}…`, aspectRatio: "9:16" },
    { name: "wrapped Arabic, Hebrew, CJK and emoji in a 9:16 frame", text: "مرحبا بالعالم 🎉 שלום עולם 你好世界 😀 a long caption that wraps", style: { position: "bottom", size: "medium", color: "#ffffff", background: "box" }, decoy: "مرحبا بالعالم שלום עולם 你好世界 a long caption that wraps", aspectRatio: "9:16" },
  ];

  it.each(cases)("$name: drawn where the spec puts it, as drawCaption draws it", async ({ name, text, style, decoy, aspectRatio }) => {
    const workDir = await workDirFor("caption");
    const photo = await makeSolidPhoto(path.join(workDir, "grey.png"), { width: 640, height: 640, color: GREY });
    const { video, timeline } = await render(`caption-${name}`, { aspectRatio, slides: [{ assetId: "a", caption: text, captionStyle: style, durationMs: 1000 }] }, [photo]);
    const size = timeline.size;
    const frame = { data: await grabFrameAt(video, 10), width: size.width, channels: 3 };
    const box = captionBox(text, style, size);
    // The caption is inside its box: the box differs from the bare grey; elsewhere the frame is grey.
    const bare = referenceFrame("", style, size);
    expect(regionDifference(frame, bare, box)).toBeGreaterThan(6);
    const away = style.position === "top" ? { x: 0, y: size.height - 100, width: size.width, height: 80 } : { x: 0, y: 10, width: size.width, height: 80 };
    expect(regionDifference(frame, bare, away)).toBeLessThan(3);
    // It matches the reference drawing of the same text far better than a near miss.
    const matching = regionDifference(frame, referenceFrame(text, style, size), box);
    const nearMiss = regionDifference(frame, referenceFrame(decoy, style, size), box);
    expect(matching).toBeLessThan(6);
    expect(nearMiss).toBeGreaterThan(matching * 1.5);
    if (text.length > 40) expect(box.height).toBeGreaterThan(captionFontSize(size, style) * 2); // wrapped onto several lines
    // Every word is drawn: nothing is cut with an ellipsis.
    registerCaptionFonts();
    const layout = layoutCaption(text, style, size, measureWithContext(createCanvas(2, 2).getContext("2d")), { tolerance: CAPTION_WIDTH_TOLERANCE });
    expect(layout.lines.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " "));
  });

  // A face the video does not draw cannot pass: the frame must match the reference in the chosen
  // face far better than the same caption in sans (and in every other face).
  it.each(["serif", "handwritten", "condensed"] as const)("a caption in %s: the video draws that face", async (font) => {
    const workDir = await workDirFor(`caption-${font}`);
    const photo = await makeSolidPhoto(path.join(workDir, "grey.png"), { width: 640, height: 640, color: GREY });
    const text = "Sunrise over Lisbon, day one";
    const style: CaptionStyle = { position: "middle", size: "large", color: "#ffffff", background: "none", font };
    const { video, timeline } = await render(`caption-font-${font}`, { slides: [{ assetId: "a", caption: text, captionStyle: style, durationMs: 1000 }] }, [photo]);
    const size = timeline.size;
    const frame = { data: await grabFrameAt(video, 10), width: size.width, channels: 3 };
    const box = captionBox(text, style, size);
    const matching = regionDifference(frame, referenceFrame(text, style, size), box);
    expect(matching).toBeLessThan(6);
    for (const other of (["sans", "serif", "handwritten", "condensed"] as const).filter((f) => f !== font)) {
      const wrongFace = regionDifference(frame, referenceFrame(text, { ...style, font: other }, size), box);
      expect(wrongFace, `${font} video vs a ${other} reference`).toBeGreaterThan(matching * 2);
    }
  });

  it("draws the title card in its face", async () => {
    const workDir = await workDirFor("title-font");
    const photo = await makeSolidPhoto(path.join(workDir, "grey.png"), { width: 640, height: 360, color: GREY });
    const card = { title: "Our summer", subtitle: "Lisbon 2026", backgroundColor: "#204060", textColor: "#ffffff", durationMs: 1000, font: "serif" as const };
    const { video, timeline } = await render("title-font", { titleCard: card, slides: [{ assetId: "a", durationMs: 1000 }] }, [photo]);
    const size = timeline.size;
    const frame = { data: await grabFrameAt(video, 0), width: size.width, channels: 3 };
    const reference = (font: CaptionFontId) => {
      registerCaptionFonts();
      const ctx = createCanvas(size.width, size.height).getContext("2d");
      drawTitleCard(ctx as unknown as CaptionContext, { ...card, background: "color", font }, size);
      return { data: ctx.getImageData(0, 0, size.width, size.height).data, width: size.width, channels: 4 };
    };
    const middle = { x: 0, y: Math.round(size.height * 0.3), width: size.width, height: Math.round(size.height * 0.4) };
    const matching = regionDifference(frame, reference("serif"), middle);
    expect(matching).toBeLessThan(6);
    expect(regionDifference(frame, reference("sans"), middle)).toBeGreaterThan(matching * 2);
  });

  it("never passes caption text to ffmpeg: an argument-breaking caption renders like any other", async () => {
    const workDir = await workDirFor("caption-hostile");
    const photo = await makeSolidPhoto(path.join(workDir, "grey.png"), { width: 640, height: 360, color: GREY });
    const hostile = "a';[out]drawtext=text=x:f=/etc/passwd,b\\";
    const { video } = await render("hostile", { slides: [{ assetId: "a", caption: hostile, durationMs: 1000 }] }, [photo]);
    const style = storySpecSchema.parse({ slides: [{ assetId: "a" }] }).slides[0].captionStyle;
    const frame = { data: await grabFrameAt(video, 5), width: W, channels: 3 };
    expect(regionDifference(frame, referenceFrame(hostile, style, { width: W, height: H }), captionBox(hostile, style, { width: W, height: H }))).toBeLessThan(6);
  });
});

describe("photos", () => {
  it("honours EXIF orientation (6: rotate 90° clockwise)", async () => {
    const workDir = await workDirFor("exif");
    // Stored 800×400 with red on the left and blue on the right; shown upright it is 400×800, red on top.
    const photo = await makeBandedPhoto(path.join(workDir, "rotated.jpg"), {
      width: 800, height: 400, direction: "horizontal", orientation: 6,
      bands: [{ color: hex(RED), from: 0, to: 0.5 }, { color: hex(BLUE), from: 0.5, to: 1 }],
    });
    const { video } = await render("exif", { aspectRatio: "9:16", slides: [{ assetId: "a", durationMs: 1000 }] }, [photo]);
    const frame = await grabFrameAt(video, 0);
    expectColor(meanColor(frame, 720, patch(360, 200)), RED);
    expectColor(meanColor(frame, 720, patch(360, 1080)), BLUE);
    expectColor(meanColor(frame, 720, patch(60, 200)), RED);
    expectColor(meanColor(frame, 720, patch(660, 200)), RED);
  });

  it('fit "cover" crops a portrait photo to fill; "blur" shows it whole over a blurred copy', async () => {
    const workDir = await workDirFor("fit");
    // Portrait 600×1200: green top band, red middle, blue bottom band.
    const photo = await makeBandedPhoto(path.join(workDir, "portrait.jpg"), {
      width: 600, height: 1200,
      bands: [{ color: hex(GREEN), from: 0, to: 0.1 }, { color: hex(RED), from: 0.1, to: 0.9 }, { color: hex(BLUE), from: 0.9, to: 1 }],
    });
    const cover = await render("cover", { slides: [{ assetId: "a", durationMs: 1000, fit: "cover" }] }, [photo]);
    const blur = await render("blur", { slides: [{ assetId: "a", durationMs: 1000, fit: "blur" }] }, [photo]);
    const coverFrame = await grabFrameAt(cover.video, 0);
    const blurFrame = await grabFrameAt(blur.video, 0);
    // Cover: the middle of the photo fills the frame, bands cropped away, edge to edge.
    for (const [x, y] of [[640, 20], [640, 700], [30, 360], [1250, 360]]) expectColor(meanColor(coverFrame, W, patch(x, y)), RED);
    // Blur: the whole photo (360 px wide, centred): its bands at top and bottom.
    expectColor(meanColor(blurFrame, W, patch(640, 20)), GREEN, 20);
    expectColor(meanColor(blurFrame, W, patch(640, 700)), BLUE, 20);
    expectColor(meanColor(blurFrame, W, patch(640, 360)), RED);
    // Beside it, a darkened blurred copy of the photo's middle: red, but not the photo's red.
    const side = meanColor(blurFrame, W, patch(150, 360));
    expect(side.r).toBeGreaterThan(side.g + 80);
    expect(side.r).toBeLessThan(RED.r - 20);
  });

  it.each([
    { name: "a tiny 200×150 photo", width: 200, height: 150 },
    { name: "a 50-megapixel photo", width: 8660, height: 5774 },
  ])("renders $name", async ({ width, height }) => {
    const workDir = await workDirFor("sizes");
    const photo = await makePhoto(path.join(workDir, "p.jpg"), { seed: 3, width, height });
    const { video, timeline } = await render("size", { slides: [{ assetId: "a", durationMs: 1000 }] }, [photo]);
    const probe = await probeVideo(video);
    expect(probe).toMatchObject({ width: W, height: H, frames: timeline.totalFrames });
  });
});

describe("durations and frame counts are exact", () => {
  const specs: Array<[string, StorySpecInput]> = [
    ["title card over a colour, crossfades", {
      aspectRatio: "1:1",
      titleCard: { title: "Our summer", subtitle: "2026", durationMs: 2000 },
      slides: [{ assetId: "a", durationMs: 1500 }, { assetId: "b", durationMs: 2500 }],
    }],
    ["no transitions, uneven durations", { transition: "none", slides: [{ assetId: "a", durationMs: 1000 }, { assetId: "b", durationMs: 1033 }, { assetId: "c", durationMs: 2017 }] }],
    ["slides with Ken Burns", { transition: "slide", slides: [{ assetId: "a", durationMs: 1100, kenBurns: true }, { assetId: "b", durationMs: 1000, kenBurns: true }] }],
    ["title card over the first photo, wipes", { aspectRatio: "9:16", transition: "wipe", titleCard: { title: "Photo card", background: "photo", durationMs: 1000 }, slides: [{ assetId: "a", durationMs: 1000 }, { assetId: "b", durationMs: 1000 }] }],
  ];

  it.each(specs)("%s", async (name, specInput) => {
    const workDir = await workDirFor("durations");
    const photos = await Promise.all(specInput.slides.map((_, i) => makePhoto(path.join(workDir, `p${i}.jpg`), { seed: i + 1, width: 800, height: 600 })));
    const { video, poster, timeline } = await render(`duration-${name}`, specInput, photos);
    expect(timeline).toEqual(computeTimeline(storySpecSchema.parse(specInput))); // the same spec gives the same timeline
    const probe = await probeVideo(video);
    expect(probe).toMatchObject({ codec: "h264", profile: "High", pixFmt: "yuv420p", width: timeline.size.width, height: timeline.size.height });
    expect(probe.frames).toBe(timeline.totalFrames);
    expect(Math.abs(probe.durationSec - timeline.totalFrames / timeline.fps)).toBeLessThanOrEqual(1 / timeline.fps);
    const boxes = await readTopLevelBoxes(video);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
    expect((await probeAudio(video)) === null).toBe(true);
    const sharp = (await import("sharp")).default;
    expect(await sharp(poster).metadata()).toMatchObject({ format: "jpeg", width: timeline.size.width, height: timeline.size.height });
  });

  it("draws the title card: its colour, its text, then the first photo", async () => {
    const workDir = await workDirFor("title");
    const photo = await makeSolidPhoto(path.join(workDir, "blue.png"), { width: 640, height: 360, color: BLUE });
    const { video, timeline } = await render("title", {
      titleCard: { title: "TITLE", backgroundColor: "#204060", textColor: "#ffffff", durationMs: 1000 },
      slides: [{ assetId: "a", durationMs: 1000 }],
    }, [photo]);
    const first = await grabFrameAt(video, 0);
    expectColor(meanColor(first, W, patch(40, 40)), { r: 0x20, g: 0x40, b: 0x60 }, 10);
    // White text in the middle of the card.
    let bright = 0;
    for (let x = 400; x < 880; x += 2) if (first[(360 * W + x) * 3] > 200) bright += 1;
    expect(bright).toBeGreaterThan(10);
    expectColor(meanColor(await grabFrameAt(video, timeline.totalFrames - 1), W, patch(640, 360)), BLUE);
  });
});

describe("Ken Burns", () => {
  it("moves by sub-pixel steps every frame, following kenBurnsAt (frames as piped to the encoder)", async () => {
    const workDir = await workDirFor("kb-frames");
    // A white disc on black: its centroid tracks the window.
    const sharp = (await import("sharp")).default;
    const photo = path.join(workDir, "disc.png");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="100%" height="100%" fill="#000"/><circle cx="400" cy="250" r="40" fill="#fff"/></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(photo);
    const spec = storySpecSchema.parse({ slides: [{ assetId: "a", durationMs: 3000, kenBurns: true }] });
    const timeline = computeTimeline(spec);
    const clip = timeline.clips[0];
    const pool = new FramePool(timeline.size);
    const centroids: Array<{ x: number; y: number }> = [];
    for await (const frame of generateStoryFrames({ timeline, photos: [photo], pool, resources: createRenderResources() })) {
      let sum = 0;
      let sx = 0;
      let sy = 0;
      for (let y = 0; y < frame.height; y += 1) {
        for (let x = 0; x < frame.width; x += 1) {
          const v = Math.max(0, frame.data[y * frame.width + x] - 16);
          sum += v;
          sx += v * x;
          sy += v * y;
        }
      }
      centroids.push({ x: sx / sum + 0.5, y: sy / sum + 0.5 });
      pool.release(frame);
    }
    expect(centroids).toHaveLength(timeline.totalFrames);
    const steps = centroids.slice(1).map((c, i) => Math.hypot(c.x - centroids[i].x, c.y - centroids[i].y));
    // Every frame moves, by less than a pixel, and steadily (no stair-steps: no step twice its neighbour).
    for (const step of steps) {
      expect(step).toBeGreaterThan(0.05);
      expect(step).toBeLessThan(1.5);
    }
    for (let i = 1; i < steps.length; i += 1) expect(Math.abs(steps[i] - steps[i - 1])).toBeLessThan(0.1);
    // Where kenBurnsAt puts the disc centre (400/1280, 250/720 of the photo).
    centroids.forEach((c, frame) => {
      const w = kenBurnsAt(kenBurnsMotionFor(clip.kenBurns!), frame, clip.frames);
      const expectedX = ((400 / 1280 - w.x) * w.scale + 0.5) * W;
      const expectedY = ((250 / 720 - w.y) * w.scale + 0.5) * H;
      expect(Math.abs(c.x - expectedX)).toBeLessThan(0.5);
      expect(Math.abs(c.y - expectedY)).toBeLessThan(0.5);
    });
  });

  it("no two consecutive encoded frames are the same, and the caption stays put", async () => {
    const workDir = await workDirFor("kb-video");
    const photo = await makePhoto(path.join(workDir, "p.jpg"), { seed: 5, width: 1600, height: 1200 });
    const { video, timeline } = await render("kb", { slides: [{ assetId: "a", durationMs: 2000, kenBurns: true, caption: "Steady caption" }] }, [photo]);
    const frames = await readGrayFrames(video, { width: 640, height: 360 });
    expect(frames).toHaveLength(timeline.totalFrames);
    const photoArea = (f: Buffer) => f.subarray(0, 640 * 200);
    // Rows 296..324, columns 260..380 of 640×360: inside the caption's box, at the bottom centre.
    const captionArea = (f: Buffer) => Buffer.concat(Array.from({ length: 28 }, (_, r) => f.subarray(640 * (296 + r) + 260, 640 * (296 + r) + 380)));
    const meanDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
    for (let i = 1; i < frames.length; i += 1) expect(meanDiff(photoArea(frames[i]), photoArea(frames[i - 1]))).toBeGreaterThan(0);
    expect(meanDiff(photoArea(frames[0]), photoArea(frames.at(-1)!))).toBeGreaterThan(2);
    // Text on its box barely changes while the photo moves behind.
    expect(meanDiff(captionArea(frames[0]), captionArea(frames.at(-1)!))).toBeLessThan(meanDiff(photoArea(frames[0]), photoArea(frames.at(-1)!)));
  });
});

describe("music", () => {
  const spec = (): StorySpecInput => ({ music: { assetId: "m" }, slides: [{ assetId: "a", durationMs: 2000 }, { assetId: "b", durationMs: 2000 }, { assetId: "c", durationMs: 2000 }] });

  it.each([
    { name: "longer MP3", file: "long.mp3", seconds: 12 },
    { name: "shorter WAV (padded with silence)", file: "short.wav", seconds: 3 },
  ])("$name: AAC, as long as the video, faded out at the end", async ({ file, seconds }) => {
    const workDir = await workDirFor("music");
    const photos = await Promise.all([0, 1, 2].map((i) => makePhoto(path.join(workDir, `p${i}.jpg`), { seed: i, width: 640, height: 360 })));
    const music = { file: await makeTone(path.join(workDir, file), seconds), contentType: file.endsWith(".mp3") ? "audio/mpeg" : "audio/wav" } as const;
    const { video, timeline } = await render("music", spec(), photos, music, workDir);
    expect(timeline.durationMs).toBe(5000);
    expect(timeline.music).toMatchObject({ fadeOutStartMs: 3000, fadeOutMs: 2000 });
    const audio = await probeAudio(video);
    expect(audio).toMatchObject({ codec: "aac", channels: 2, sampleRate: 48_000 });
    expect(Math.abs(audio!.durationSec - 5)).toBeLessThan(0.05);
    const video_ = await probeVideo(video);
    expect(Math.abs(video_.durationSec - 5)).toBeLessThanOrEqual(1 / 30 + 0.025);
    const start = await meanVolumeDb(video, 0.5, 1);
    expect(start).toBeGreaterThan(-40); // the tone (≈ −30 dB), not silence (≈ −91 dB)
    if (seconds > 5) {
      const fading = await meanVolumeDb(video, 3.5, 0.5); // about 3/4 volume: ≈ −2.5 dB
      const end = await meanVolumeDb(video, 4.7, 0.3); // about 1/10 volume: ≈ −20 dB or less
      expect(fading).toBeLessThan(start - 1);
      expect(end).toBeLessThan(start - 12);
    }
  });

  it("an audio file ffmpeg cannot decode is an UnreadableMusicError", async () => {
    const workDir = await workDirFor("bad-music");
    const photo = await makePhoto(path.join(workDir, "p.jpg"), { seed: 1, width: 640, height: 360 });
    const music = path.join(workDir, "music.mp3");
    await writeFile(music, "ID3 this is not audio at all".repeat(100));
    const rendering = renderStory({ spec: storySpecSchema.parse({ music: { assetId: "m" }, slides: [{ assetId: "a", durationMs: 1000 }] }), photos: [photo], music: { file: music, contentType: "audio/mpeg" }, workDir });
    await expect(rendering).rejects.toBeInstanceOf(UnreadableMusicError);
  });
});

describe("the first frame is the poster", () => {
  it("poster.jpg shows frame 0", async () => {
    const workDir = await workDirFor("poster");
    const photo = await makeSolidPhoto(path.join(workDir, "red.png"), { width: 640, height: 360, color: RED });
    const { poster } = await render("poster", { slides: [{ assetId: "a", durationMs: 1000 }] }, [photo]);
    const sharp = (await import("sharp")).default;
    const { data } = await sharp(poster).raw().toBuffer({ resolveWithObject: true });
    expectColor(meanColor(data, W, patch(640, 360)), RED);
  });
});
