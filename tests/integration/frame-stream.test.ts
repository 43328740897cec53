import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { computeTimeline, type Timeline } from "../../lib/timeline";
import { buildFrameStreamInputArgs } from "../../worker/src/ffmpeg/build-render-args";
import { frameTimestampMs, mkvFrameHeader, mkvHeader } from "../../worker/src/render/mkv";
import { feedStoryFrames } from "../../worker/src/render/render-story";
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

  it("carries a whole story (stills, crossfades, Ken Burns, a title card) frame for frame as the raw stream does", async () => {
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
    const out = createWriteStream(rawFile);
    await feedStoryFrames({ timeline, photos, stdin: out, format: "raw" });
    out.end();
    await finished(out);
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
      await feedStoryFrames({ timeline, photos, stdin: counting, format: "mkv" });
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
