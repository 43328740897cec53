import { describe, expect, it } from "vitest";
import { storySpecSchema, type StorySpecInput } from "../../../lib/contracts/story-spec";
import { computeTimeline } from "../../../lib/timeline";
import { buildFilterGraph, buildRenderArgs, DEFAULT_ENCODER, parseProgressFrame } from "./build-render-args";

function timelineOf(input: StorySpecInput) {
  return computeTimeline(storySpecSchema.parse(input));
}

const threeSlides = (extra: Partial<StorySpecInput> = {}) =>
  timelineOf({ slides: [{ assetId: "a" }, { assetId: "b" }, { assetId: "c" }], ...extra });

const stills = (n: number) => Array.from({ length: n }, (_, i) => ({ file: `/tmp/job/still-${i}.rgb` }));

/** The value following a flag; fails the test if the flag is missing. */
function valueOf(args: string[], flag: string): string {
  const at = args.indexOf(flag);
  expect(at, `${flag} present`).toBeGreaterThanOrEqual(0);
  return args[at + 1];
}

describe("buildFilterGraph", () => {
  it("crossfades 3 slides with xfade at the timeline's offsets", () => {
    const graph = buildFilterGraph(threeSlides());
    const parts = graph.split(";");
    expect(parts).toEqual([
      "[0:v]format=yuv420p,loop=loop=89:size=1:start=0,setpts=N/30/TB[s0]",
      "[1:v]format=yuv420p,loop=loop=89:size=1:start=0,setpts=N/30/TB[s1]",
      "[2:v]format=yuv420p,loop=loop=89:size=1:start=0,setpts=N/30/TB[s2]",
      "[s0][s1]xfade=transition=fade:duration=0.5:offset=2.5[x1]",
      "[x1][s2]xfade=transition=fade:duration=0.5:offset=5[out]",
    ]);
    expect(graph).toContain("loop=loop=89:size=1:start=0");
    expect(graph).toContain("offset=2.5");
    expect(graph).toContain("offset=5");
    expect(graph).toContain("duration=0.5");
    expect(graph.endsWith("[out]")).toBe(true);
    expect(graph).not.toContain("concat");
  });

  it("loops each still for its own frame count and uses clamped transitions", () => {
    const graph = buildFilterGraph(
      timelineOf({ slides: [{ assetId: "a", durationMs: 1000 }, { assetId: "b", durationMs: 10_000 }] }),
    );
    expect(graph).toContain("[0:v]format=yuv420p,loop=loop=29:");
    expect(graph).toContain("[1:v]format=yuv420p,loop=loop=299:");
    // 1 s slide = 30 frames, transition 15 frames: next slide starts at frame 15 = 0.5 s
    expect(graph).toContain("[s0][s1]xfade=transition=fade:duration=0.5:offset=0.5[out]");
  });

  it("writes non-terminating offsets with at most 6 decimals", () => {
    const graph = buildFilterGraph(
      timelineOf({ slides: [{ assetId: "a", durationMs: 1100 }, { assetId: "b" }] }),
    );
    // 1100 ms = 33 frames; next slide starts at 33 - 15 = 18 frames = 0.6 s
    expect(graph).toContain("offset=0.6[out]");
    const odd = buildFilterGraph(timelineOf({ slides: [{ assetId: "a", durationMs: 1033 }, { assetId: "b" }] }));
    // 1033 ms = 31 frames; 16 frames = 0.533333 s
    expect(odd).toContain("offset=0.533333[out]");
  });

  it('joins with concat when the transition is "none"', () => {
    const graph = buildFilterGraph(threeSlides({ transition: "none" }));
    expect(graph).toContain("[s0][s1][s2]concat=n=3:v=1:a=0[out]");
    expect(graph).not.toContain("xfade");
    expect(graph.endsWith("[out]")).toBe(true);
  });

  it("passes a single slide through with null", () => {
    const graph = buildFilterGraph(timelineOf({ slides: [{ assetId: "a" }] }));
    expect(graph).toBe("[0:v]format=yuv420p,loop=loop=89:size=1:start=0,setpts=N/30/TB[s0];[s0]null[out]");
  });

  it("chains labels x1..x(n-2) then out for many slides", () => {
    const graph = buildFilterGraph(timelineOf({ slides: Array.from({ length: 5 }, (_, i) => ({ assetId: `a${i}` })) }));
    const xfades = graph.split(";").filter((part) => part.includes("xfade"));
    expect(xfades.map((part) => part.slice(0, part.indexOf("xfade")) + part.slice(part.lastIndexOf("[")))).toEqual([
      "[s0][s1][x1]",
      "[x1][s2][x2]",
      "[x2][s3][x3]",
      "[x3][s4][out]",
    ]);
    expect(xfades.map((part) => /offset=([\d.]+)/.exec(part)![1])).toEqual(["2.5", "5", "7.5", "10"]);
  });
});

describe("buildRenderArgs", () => {
  const timeline = threeSlides();
  const args = buildRenderArgs({ timeline, stills: stills(3), output: "/tmp/job/out.mp4" });

  it("encodes H.264 yuv420p with faststart and the exact frame count", () => {
    expect(valueOf(args, "-c:v")).toBe("libx264");
    expect(valueOf(args, "-pix_fmt")).toBe("rgb24"); // the first -pix_fmt belongs to the first input
    expect(args.slice(args.indexOf("-filter_complex")).join(" ")).toContain("-pix_fmt yuv420p");
    expect(valueOf(args, "-movflags")).toBe("+faststart");
    expect(valueOf(args, "-frames:v")).toBe("240");
    expect(valueOf(args, "-r")).toBe("30");
    expect(valueOf(args, "-map")).toBe("[out]");
    expect(valueOf(args, "-preset")).toBe(DEFAULT_ENCODER.preset);
    expect(valueOf(args, "-crf")).toBe(String(DEFAULT_ENCODER.crf));
    expect(valueOf(args, "-filter_complex")).toBe(buildFilterGraph(timeline));
    expect(args).toContain("-an");
    expect(args).toContain("-y");
  });

  it("reads each still as a raw RGB frame of the output size, in order", () => {
    const inputs = args.flatMap((arg, i) => (arg === "-i" ? [args[i + 1]] : []));
    expect(inputs).toEqual(stills(3).map((s) => s.file));
    const sizes = args.flatMap((arg, i) => (arg === "-s" ? [args[i + 1]] : []));
    expect(sizes).toEqual(["1280x720", "1280x720", "1280x720"]);
    expect(args.filter((arg) => arg === "rawvideo")).toHaveLength(3);
    // Input options precede their -i.
    const firstInput = args.indexOf("-i");
    expect(args.slice(firstInput - 8, firstInput)).toEqual(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "1280x720", "-framerate", "30"]);
    // All inputs come before the filter graph.
    expect(args.lastIndexOf("-i")).toBeLessThan(args.indexOf("-filter_complex"));
  });

  it("puts the output last", () => {
    expect(args.at(-1)).toBe("/tmp/job/out.mp4");
    expect(args.indexOf("/tmp/job/out.mp4")).toBe(args.length - 1);
  });

  it("uses the timeline's frame size and frame count", () => {
    const vertical = timelineOf({ aspectRatio: "9:16", resolution: "1080p", transition: "none", slides: [{ assetId: "a" }, { assetId: "b" }] });
    const verticalArgs = buildRenderArgs({ timeline: vertical, stills: stills(2), output: "out.mp4" });
    expect(valueOf(verticalArgs, "-s")).toBe("1080x1920");
    expect(valueOf(verticalArgs, "-frames:v")).toBe("180");
  });

  it("applies custom encoder settings", () => {
    const custom = buildRenderArgs({ timeline, stills: stills(3), output: "o.mp4", encoder: { preset: "slow", crf: 18 } });
    expect(valueOf(custom, "-preset")).toBe("slow");
    expect(valueOf(custom, "-crf")).toBe("18");
  });

  it.each([0, 2, 4])("throws with %i stills for 3 slides", (n) => {
    expect(() => buildRenderArgs({ timeline, stills: stills(n), output: "o.mp4" })).toThrow("one still per slide is required");
  });

  it("never puts caption or title text into an argument", () => {
    const caption = "it's 50% off: {a} \\ b";
    const captioned = timelineOf({
      title: "Title 50% [x]",
      slides: [
        { assetId: "a", caption },
        { assetId: "b", caption: "second;caption=evil[out]" },
        { assetId: "c", caption },
      ],
    });
    expect(captioned.slides[0]).toMatchObject({ kind: "photo", caption }); // the timeline does carry it
    const captionedArgs = buildRenderArgs({ timeline: captioned, stills: stills(3), output: "/tmp/o.mp4" });
    for (const arg of captionedArgs) {
      expect(arg).not.toContain("50%");
      expect(arg).not.toContain("{a}");
      expect(arg).not.toContain("it's");
      expect(arg).not.toContain("evil");
    }
    // Same arguments as without captions.
    expect(captionedArgs).toEqual(buildRenderArgs({ timeline: threeSlides(), stills: stills(3), output: "/tmp/o.mp4" }));
  });
});

describe("parseProgressFrame", () => {
  it.each<[string, number | null]>([
    ["frame=12\nfps=3\nframe=40\n", 40],
    ["frame=7", 7],
    ["fps=30\nprogress=continue\n", null],
    ["", null],
    ["  frame=15  \r\n", 15],
    ["frame=0\n", 0],
    ["out_time=00:00:01\nframe=240\nprogress=end\n", 240],
    ["frame=\n", null],
    ["frame=abc\n", null],
    ["dropframe=5\n", null],
  ])("%j → %s", (chunk, expected) => {
    expect(parseProgressFrame(chunk)).toBe(expected);
  });
});
