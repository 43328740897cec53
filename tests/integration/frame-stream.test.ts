import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { computeTimeline, type Timeline } from "../../lib/timeline";
import { buildFrameStreamInputArgs } from "../../worker/src/ffmpeg/build-render-args";
import { frameTimestampMs, mkvFrameHeader, mkvHeader } from "../../worker/src/render/mkv";
import { feedStoryFrames } from "../../worker/src/render/render-story";
import { prepareClip } from "../../worker/src/render/prepare-clip";
import { createRenderResources } from "../../worker/src/render/render-resources";
import { writeRawFrames } from "../../scripts/bench/encoder-floor";
import { yuvSize } from "../../worker/src/render/yuv";
import { makePhoto } from "../support/media";

// The renderer sends ffmpeg a still picture once (Matroska with timestamps)
// and the fps filter repeats it. These tests decode what ffmpeg makes of the
// stream, losslessly (rawvideo out, no encoder), and compare it with every
// frame of the timeline.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-frame-stream-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** ffmpeg reading a Matroska frame stream on stdin as the renderer's ffmpeg does, writing every output frame raw. */
function decodeFrameStream(fps: number, output: string, feed: (stdin: NodeJS.WritableStream) => Promise<void>) {
  const ffmpeg = spawn("ffmpeg", ["-v", "error", "-y", ...buildFrameStreamInputArgs(), "-map", "0:v:0", "-filter:v", `fps=${fps}`, "-f", "rawvideo", "-pix_fmt", "yuv420p", output], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  ffmpeg.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => ffmpeg.on("close", resolve));
  return (async () => {
    await feed(ffmpeg.stdin);
    ffmpeg.stdin.end();
    const code = await exited;
    if (code !== 0) throw new Error(`ffmpeg exited ${code}: ${stderr}`);
  })();
}

describe("the Matroska frame stream", () => {
  it("becomes exactly one frame per timeline frame: each sent frame shows from its index until the next", async () => {
    const size = { width: 64, height: 48 };
    const length = yuvSize(size.width, size.height);
    const sent = new Map([[0, 40], [10, 120], [11, 121], [47, 60], [89, 200]]); // frame index → luma
    const output = path.join(dir, "sparse.yuv");
    await decodeFrameStream(30, output, async (stdin) => {
      stdin.write(mkvHeader(size, 30));
      for (const [index, luma] of sent) {
        const frame = Buffer.alloc(length, 128);
        frame.fill(luma, 0, size.width * size.height);
        stdin.write(mkvFrameHeader(frameTimestampMs(index, 30), length));
        stdin.write(frame);
      }
    });
    const raw = await readFile(output);
    expect(raw.length).toBe(90 * length);
    const lumaOf = (index: number) => raw[index * length];
    const expected = (index: number) => [...sent].filter(([at]) => at <= index).at(-1)![1];
    for (let index = 0; index < 90; index += 1) expect(lumaOf(index), `frame ${index}`).toBe(expected(index));
  });

  it("lets ffmpeg encode a still's whole run while the next clip's photo is still being prepared", async () => {
    // Two 2 s slides, 0.5 s crossfade at 30 fps: the first still shows alone
    // on frames 0–44. Preparing the second clip is held until ffmpeg has put
    // out 40 of them (or 20 s pass; ffmpeg keeps the last two or three
    // frames it was given in its pipeline). With the still sent only on
    // frame 0 it puts out none: the fps filter repeats a frame only once it
    // has seen the next frame's timestamp, here frame 44's.
    const photos = await Promise.all([0, 1].map((i) => makePhoto(path.join(dir, `run${i}.jpg`), { seed: i + 7, width: 320, height: 240 })));
    const spec = storySpecSchema.parse({
      resolution: "720p",
      transition: "crossfade",
      slides: [
        { assetId: "a", durationMs: 2000 },
        { assetId: "b", durationMs: 2000 },
      ],
    });
    const timeline = computeTimeline(spec);
    const firstRun = timeline.transitions[0].startFrame;
    expect(firstRun).toBe(45);
    const length = yuvSize(timeline.size.width, timeline.size.height);
    const ffmpeg = spawn("ffmpeg", ["-v", "error", ...buildFrameStreamInputArgs(), "-map", "0:v:0", "-filter:v", `fps=${timeline.fps}`, "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let bytesOut = 0;
    let runOut: () => void = () => undefined;
    const firstRunOut = new Promise<"encoded">((resolve) => (runOut = () => resolve("encoded")));
    ffmpeg.stdout.on("data", (chunk: Buffer) => {
      bytesOut += chunk.length;
      if (bytesOut >= 40 * length) runOut();
    });
    const exited = new Promise<number | null>((resolve) => ffmpeg.on("close", resolve));
    let released: "encoded" | "timed out" | null = null;
    const prepare: typeof prepareClip = async (input) => {
      if (input.clip.index === 1) {
        released = await Promise.race([firstRunOut, new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), 20_000))]);
      }
      return prepareClip(input);
    };
    await feedStoryFrames({ timeline, photos, stdin: ffmpeg.stdin, resources: createRenderResources(), prepare });
    ffmpeg.stdin.end();
    expect(await exited).toBe(0);
    expect(released).toBe("encoded");
    expect(bytesOut).toBe(timeline.totalFrames * length);
  }, 60_000);

  it("carries a whole story (stills, crossfades, Ken Burns, a title card) frame for frame as the benchmark's raw frames", async () => {
    const photos = await Promise.all([0, 1, 2].map((i) => makePhoto(path.join(dir, `p${i}.jpg`), { seed: i + 3, width: 640, height: 480 })));
    const spec = storySpecSchema.parse({
      resolution: "720p",
      transition: "crossfade",
      titleCard: { title: "Stream", durationMs: 1000 },
      slides: [
        { assetId: "a", caption: "still", durationMs: 1200 },
        { assetId: "b", caption: "moving", durationMs: 1000, kenBurns: true },
        { assetId: "c", durationMs: 1000 },
      ],
    });
    const timeline: Timeline = computeTimeline(spec);
    const rawFile = path.join(dir, "story-raw.yuv");
    await writeRawFrames({ timeline, photos, file: rawFile });
    let bytesSent = 0;
    const viaStream = path.join(dir, "story-mkv.yuv");
    await decodeFrameStream(timeline.fps, viaStream, async (stdin) => {
      const counting = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytesSent += chunk.length;
          if (stdin.write(chunk)) callback();
          else stdin.once("drain", () => callback());
        },
      });
      await feedStoryFrames({ timeline, photos, stdin: counting, resources: createRenderResources() });
    });
    const [expected, actual] = await Promise.all([readFile(rawFile), readFile(viaStream)]);
    const length = yuvSize(timeline.size.width, timeline.size.height);
    expect(expected.length).toBe(timeline.totalFrames * length);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
    // Stills were sent once: far fewer bytes than every frame.
    expect(bytesSent).toBeLessThan(expected.length * 0.75);
  }, 60_000);
});
