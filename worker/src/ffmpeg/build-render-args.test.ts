import { describe, expect, it } from "vitest";
import { storySpecSchema, type StorySpecInput } from "../../../lib/contracts/story-spec";
import { computeTimeline } from "../../../lib/timeline";
import { ACCEPTED_AUDIO_TYPES } from "../../../lib/contracts/upload";
import {
  AUDIO_DEMUXERS,
  buildFrameStreamInputArgs,
  buildMusicCheckArgs,
  buildMusicInputArgs,
  buildMusicFilter,
  buildRenderArgs,
  buildVideoEncoderArgs,
  DEFAULT_ENCODER,
  encoderFromEnv,
  parseProgressFrame,
  parseProgressOutTimeMs,
  seconds,
} from "./build-render-args";

function timelineOf(input: StorySpecInput) {
  return computeTimeline(storySpecSchema.parse(input));
}

const threeSlides = (extra: Partial<StorySpecInput> = {}) =>
  timelineOf({ slides: [{ assetId: "a" }, { assetId: "b" }, { assetId: "c" }], ...extra });

/** The value following a flag; fails the test if the flag is missing. */
function valueOf(args: string[], flag: string, from = 0): string {
  const at = args.indexOf(flag, from);
  expect(at, `${flag} present`).toBeGreaterThanOrEqual(0);
  return args[at + 1];
}

const valuesOf = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

const MP3 = { file: "/tmp/job/music", contentType: "audio/mpeg", jobDir: "/tmp/job" } as const;

/** Each `-i` with the input options just before it (back to the previous input). */
function inputsOf(args: string[]) {
  const inputs: { url: string; options: string[] }[] = [];
  let from = 0;
  args.forEach((arg, i) => {
    if (arg !== "-i") return;
    inputs.push({ url: args[i + 1], options: args.slice(from, i) });
    from = i + 2;
  });
  return inputs;
}

describe("seconds", () => {
  it.each<[number, string]>([
    [75, "2.5"],
    [240, "8"],
    [16, "0.533333"],
    [0, "0"],
    [1, "0.033333"],
  ])("%i frames at 30 fps → %s", (frames, expected) => {
    expect(seconds(frames, 30)).toBe(expected);
  });
});

describe("buildRenderArgs", () => {
  const timeline = threeSlides();
  const args = buildRenderArgs({ timeline, output: "/tmp/job/out.mp4" });

  it("reads the Matroska frame stream from stdin and fills every frame of the timeline's rate with the fps filter", () => {
    const input = args.indexOf("-i");
    expect(args.slice(input - 2, input + 2)).toEqual(["-f", "matroska", "-i", "pipe:0"]);
    expect(valuesOf(args, "-i")).toEqual(["pipe:0"]);
    expect(valueOf(args, "-map")).toBe("0:v:0");
    expect(valueOf(args, "-filter:v")).toBe("fps=30");
  });

  it("encodes H.264 High yuv420p CFR, BT.709-tagged, faststart, no audio", () => {
    const afterInput = args.indexOf("pipe:0");
    expect(valueOf(args, "-c:v")).toBe("libx264");
    expect(valueOf(args, "-profile:v")).toBe("high");
    expect(valueOf(args, "-pix_fmt", afterInput)).toBe("yuv420p");
    expect(valueOf(args, "-fps_mode")).toBe("cfr");
    expect(valueOf(args, "-r")).toBe("30");
    expect(valueOf(args, "-colorspace")).toBe("bt709");
    expect(valueOf(args, "-color_range")).toBe("tv");
    expect(valueOf(args, "-movflags")).toBe("+faststart");
    // The frame count is what the worker pipes; a -frames:v limit would cut the audio short.
    expect(args).not.toContain("-frames:v");
    expect(valueOf(args, "-preset")).toBe(DEFAULT_ENCODER.preset);
    expect(valueOf(args, "-crf")).toBe(String(DEFAULT_ENCODER.crf));
    // Slices per thread, not frames per thread: ~75 MB less for x264 at 1080p.
    expect(valueOf(args, "-x264-params")).toBe("sliced-threads=1");
    expect(args).toContain("-an");
    expect(args).not.toContain("-c:a");
    expect(args.slice(args.indexOf("-progress"), args.indexOf("-progress") + 2)).toEqual(["-progress", "pipe:1"]);
    expect(args.at(-1)).toBe("/tmp/job/out.mp4");
  });

  it("applies custom encoder settings", () => {
    const custom = buildRenderArgs({ timeline, output: "o.mp4", encoder: { preset: "slow", crf: 18 } });
    expect(valueOf(custom, "-preset")).toBe("slow");
    expect(valueOf(custom, "-crf")).toBe("18");
    expect(custom).not.toContain("-threads");
    const pinned = buildRenderArgs({ timeline, output: "o.mp4", encoder: { ...DEFAULT_ENCODER, threads: 1 } });
    expect(valueOf(pinned, "-threads")).toBe("1");
    // An output option: after the input, before the output file.
    expect(pinned.indexOf("-threads")).toBeGreaterThan(pinned.indexOf("-i"));
  });

  it("adds the music as a second input, trimmed and faded to the timeline, encoded as AAC", () => {
    const withMusic = timelineOf({ music: { assetId: "m" }, slides: [{ assetId: "a" }, { assetId: "b" }, { assetId: "c" }] });
    const musicArgs = buildRenderArgs({ timeline: withMusic, output: "/tmp/o.mp4", music: MP3 });
    expect(valuesOf(musicArgs, "-i")).toEqual(["pipe:0", "file:/tmp/job/music"]);
    expect(valuesOf(musicArgs, "-map")).toEqual(["0:v:0", "1:a:0"]);
    expect(valueOf(musicArgs, "-c:a")).toBe("aac");
    expect(valueOf(musicArgs, "-filter:a")).toBe("apad,atrim=end=8,asetpts=N/SR/TB,afade=t=out:st=6:d=2");
    expect(musicArgs).not.toContain("-an");
    // Only the audio stream of the music file is read (no cover art as video).
    const musicInput = musicArgs.indexOf("file:/tmp/job/music");
    expect(musicArgs.slice(musicInput - 8, musicInput)).toEqual(["-vn", "-sn", "-dn", "-protocol_whitelist", "file,pipe", "-f", "mp3", "-i"]);
  });

  it("starts the song where the story says (-ss on the music input), the fade still at the video's end", () => {
    const withStart = timelineOf({ music: { assetId: "m", startMs: 61_250 }, slides: [{ assetId: "a" }, { assetId: "b" }, { assetId: "c" }] });
    const args = buildRenderArgs({ timeline: withStart, output: "/tmp/o.mp4", music: MP3 });
    const music = inputsOf(args).find((input) => input.url === "file:/tmp/job/music")!;
    expect(valueOf(music.options, "-ss")).toBe("61.25");
    // An input option of the music only: the frames on stdin are not seeked.
    expect(inputsOf(args)[0].options).not.toContain("-ss");
    expect(valueOf(music.options, "-f")).toBe("mp3");
    expect(valueOf(music.options, "-protocol_whitelist")).toBe("file,pipe");
    expect(valueOf(args, "-filter:a")).toBe("apad,atrim=end=8,asetpts=N/SR/TB,afade=t=out:st=6:d=2");
    // From the beginning: no -ss at all, as before.
    expect(buildRenderArgs({ timeline: timelineOf({ music: { assetId: "m" }, slides: [{ assetId: "a" }] }), output: "/tmp/o.mp4", music: MP3 })).not.toContain("-ss");
  });

  it("opens every input with a forced demuxer and local protocols only", () => {
    const withMusic = timelineOf({ music: { assetId: "m" }, slides: [{ assetId: "a" }] });
    for (const args of [
      buildRenderArgs({ timeline: withMusic, output: "/tmp/job/o.mp4", music: { ...MP3, contentType: "audio/ogg" } }),
      buildRenderArgs({ timeline, output: "/tmp/job/o.mp4" }),
      buildMusicCheckArgs({ ...MP3, contentType: "audio/flac" }, "3"),
    ]) {
      const inputs = inputsOf(args);
      expect(inputs.length).toBeGreaterThan(0);
      for (const input of inputs) {
        expect(valueOf(input.options, "-f"), input.url).toMatch(/^(matroska|ogg|flac)$/);
        expect(valueOf(input.options, "-protocol_whitelist"), input.url).toBe("file,pipe");
      }
    }
  });

  it("refuses a music file without a music plan and the reverse", () => {
    expect(() => buildRenderArgs({ timeline, output: "o.mp4", music: MP3 })).toThrow("without music");
    const withMusic = timelineOf({ music: { assetId: "m" }, slides: [{ assetId: "a" }] });
    expect(() => buildRenderArgs({ timeline: withMusic, output: "o.mp4" })).toThrow("no music file");
  });

  it("never puts caption or title text into an argument", () => {
    const caption = "it's 50% off: {a} \\ b";
    const captioned = timelineOf({
      title: "Title 50% [x]",
      titleCard: { title: "Card;title=evil[out]", subtitle: "sub 50%" },
      slides: [
        { assetId: "a", caption },
        { assetId: "b", caption: "second;caption=evil[out]" },
        { assetId: "c", caption },
      ],
    });
    expect(captioned.clips[1]).toMatchObject({ kind: "photo", caption }); // the timeline does carry it
    const captionedArgs = buildRenderArgs({ timeline: captioned, output: "/tmp/o.mp4" });
    for (const arg of captionedArgs) {
      expect(arg).not.toContain("50%");
      expect(arg).not.toContain("{a}");
      expect(arg).not.toContain("it's");
      expect(arg).not.toContain("evil");
    }
  });
});

describe("buildVideoEncoderArgs", () => {
  it("is the piece buildRenderArgs uses", () => {
    const timeline = threeSlides({ resolution: "1080p" });
    const args = buildRenderArgs({ timeline, output: "o.mp4" });
    const encoder = buildVideoEncoderArgs(DEFAULT_ENCODER, 30);
    const at = args.indexOf("-c:v");
    expect(args.slice(at, at + encoder.length)).toEqual(encoder);
  });
});

describe("buildMusicFilter", () => {
  it("pads, trims to the video and fades over the plan's last stretch", () => {
    expect(buildMusicFilter({ assetId: "m", startMs: 0, fadeOutStartMs: 23_500, fadeOutMs: 2000 }, "25.5")).toBe(
      "apad,atrim=end=25.5,asetpts=N/SR/TB,afade=t=out:st=23.5:d=2",
    );
  });
  it("writes fractional seconds exactly", () => {
    expect(buildMusicFilter({ assetId: "m", startMs: 0, fadeOutStartMs: 533, fadeOutMs: 500 }, "1.033333")).toBe(
      "apad,atrim=end=1.033333,asetpts=N/SR/TB,afade=t=out:st=0.533:d=0.5",
    );
  });
  it("leaves out the fade when the plan has none", () => {
    expect(buildMusicFilter({ assetId: "m", startMs: 0, fadeOutStartMs: 0, fadeOutMs: 0 }, "0")).toBe("apad,atrim=end=0,asetpts=N/SR/TB");
  });
});

describe("buildMusicCheckArgs", () => {
  it("decodes only the audio, only as long as the video, and fails on the first decoding error", () => {
    const args = buildMusicCheckArgs({ ...MP3, contentType: "audio/wav" }, "8");
    expect(args).toContain("-xerror");
    expect(valueOf(args, "-t")).toBe("8");
    expect(args.indexOf("-t")).toBeLessThan(args.indexOf("-i"));
    expect(valueOf(args, "-i")).toBe("file:/tmp/job/music");
    expect(args.slice(args.indexOf("-i") - 4, args.indexOf("-i"))).toEqual(["-protocol_whitelist", "file,pipe", "-f", "wav"]);
    expect(valueOf(args, "-map")).toBe("0:a:0");
    expect(args.slice(-3)).toEqual(["-f", "null", "-"]);
    expect(valueOf(args, "-progress")).toBe("pipe:1");
    expect(args).not.toContain("-ss");
  });

  it("decodes from the song's start when it has one", () => {
    const args = buildMusicCheckArgs(MP3, "8", 90_000);
    const [music] = inputsOf(args);
    expect(valueOf(music.options, "-ss")).toBe("90");
    expect(valueOf(music.options, "-t")).toBe("8");
  });
});

describe("parseProgressOutTimeMs", () => {
  it("reads the latest out_time_us of a -progress report", () => {
    expect(parseProgressOutTimeMs("out_time_us=1000000\nprogress=continue\nout_time_us=7999000\nprogress=end\n")).toBe(7999);
    expect(parseProgressOutTimeMs("out_time_us=0\nprogress=end\n")).toBe(0);
  });
  it("has nothing to read when ffmpeg decoded nothing", () => {
    expect(parseProgressOutTimeMs("out_time_us=N/A\nprogress=end\n")).toBeNull();
    expect(parseProgressOutTimeMs("")).toBeNull();
  });
});

describe("buildMusicInputArgs", () => {
  it.each([
    ["audio/mpeg", "mp3"],
    ["audio/mp4", "mov"],
    ["audio/aac", "aac"],
    ["audio/wav", "wav"],
    ["audio/ogg", "ogg"],
    ["audio/flac", "flac"],
  ] as const)("opens %s with the %s demuxer, as a local file", (contentType, demuxer) => {
    expect(buildMusicInputArgs({ ...MP3, contentType })).toEqual(["-protocol_whitelist", "file,pipe", "-f", demuxer, "-i", "file:/tmp/job/music"]);
  });

  it("has a demuxer for every accepted audio type, none of which follows references", () => {
    expect(Object.keys(AUDIO_DEMUXERS).sort()).toEqual([...ACCEPTED_AUDIO_TYPES].sort());
    for (const demuxer of Object.values(AUDIO_DEMUXERS)) expect(["hls", "concat", "ffconcat", "image2", "tee", "m3u8"]).not.toContain(demuxer);
  });

  it.each([
    ["a file outside the job's folder", { file: "/etc/passwd", jobDir: "/tmp/job" }, /not inside/],
    ["a path climbing out of it", { file: "/tmp/job/../other/music", jobDir: "/tmp/job" }, /not inside/],
    ["a sibling folder with the same prefix", { file: "/tmp/job2/music", jobDir: "/tmp/job" }, /not inside/],
    ["the folder itself", { file: "/tmp/job", jobDir: "/tmp/job" }, /not inside/],
    ["a relative path", { file: "music", jobDir: "/tmp/job" }, /absolute/],
    ["a URL", { file: "http://127.0.0.1:9/x.mp3", jobDir: "/tmp/job" }, /absolute/],
    ["a newline in the name", { file: "/tmp/job/mu\nsic", jobDir: "/tmp/job" }, /control characters/],
  ])("refuses %s", (_name, paths, message) => {
    expect(() => buildMusicInputArgs({ ...MP3, ...paths })).toThrow(message);
  });

  it("seeks before opening the file, and refuses a start that is negative or not whole ms", () => {
    expect(buildMusicInputArgs(MP3, 1500)).toEqual(["-ss", "1.5", "-protocol_whitelist", "file,pipe", "-f", "mp3", "-i", "file:/tmp/job/music"]);
    expect(buildMusicInputArgs(MP3, 0)).toEqual(buildMusicInputArgs(MP3));
    expect(() => buildMusicInputArgs(MP3, -1)).toThrow(/not negative/);
    expect(() => buildMusicInputArgs(MP3, 0.5)).toThrow(/whole number/);
  });

  it("refuses a type it has no demuxer for", () => {
    expect(() => buildMusicInputArgs({ ...MP3, contentType: "application/x-mpegurl" as never })).toThrow(/no demuxer/);
  });
});

describe("buildFrameStreamInputArgs", () => {
  it("reads Matroska from stdin only", () => {
    expect(buildFrameStreamInputArgs()).toEqual(["-protocol_whitelist", "file,pipe", "-f", "matroska", "-i", "pipe:0"]);
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

describe("encoderFromEnv", () => {
  it("is the default encoder unless WORKER_ENCODER_THREADS is set", () => {
    expect(encoderFromEnv({})).toEqual(DEFAULT_ENCODER);
    expect(encoderFromEnv({ WORKER_ENCODER_THREADS: "" })).toEqual(DEFAULT_ENCODER);
    expect(encoderFromEnv({ WORKER_ENCODER_THREADS: "2" })).toEqual({ ...DEFAULT_ENCODER, threads: 2 });
  });

  it.each(["0", "-1", "1.5", "many", "65"])("refuses WORKER_ENCODER_THREADS=%s with a clear message", (value) => {
    expect(() => encoderFromEnv({ WORKER_ENCODER_THREADS: value })).toThrow(/WORKER_ENCODER_THREADS must be an integer from 1 to 64/);
  });
});
