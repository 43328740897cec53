import { describe, expect, it } from "vitest";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { computeTimeline } from "../../lib/timeline";
import { buildRenderArgs, buildVideoEncoderArgs, DEFAULT_ENCODER } from "../../worker/src/ffmpeg/build-render-args";
import { buildEncoderFloorArgs, buildRawVideoInputArgs } from "./encoder-floor";

const timelineOf = (spec: unknown) => computeTimeline(storySpecSchema.parse(spec));
const valuesOf = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

describe("buildEncoderFloorArgs", () => {
  const timeline = timelineOf({ slides: [{ assetId: "a" }, { assetId: "b" }, { assetId: "c" }] });

  it("reads every frame raw from a file, with the renderer's encoder arguments and no filter", () => {
    const floor = buildEncoderFloorArgs({ timeline, source: "/tmp/frames.yuv", output: "/tmp/job/out.mp4" });
    const renderer = buildRenderArgs({ timeline, output: "/tmp/job/out.mp4" });
    expect(valuesOf(floor, "-i")).toEqual(["/tmp/frames.yuv"]);
    const input = floor.indexOf("-i");
    expect(floor.slice(input - 8, input + 2)).toEqual(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720", "-framerate", "30", "-i", "/tmp/frames.yuv"]);
    expect(floor).not.toContain("-filter:v");
    const encoderOf = (list: string[]) => list.slice(list.indexOf("-c:v"));
    expect(encoderOf(floor)).toEqual(encoderOf(renderer));
    const encoder = buildVideoEncoderArgs(DEFAULT_ENCODER, 30);
    expect(floor.slice(floor.indexOf("-c:v"), floor.indexOf("-c:v") + encoder.length)).toEqual(encoder);
  });

  it("uses the timeline's frame size (9:16 1080p) for raw frames", () => {
    const vertical = timelineOf({ aspectRatio: "9:16", resolution: "1080p", transition: "none", slides: [{ assetId: "a" }, { assetId: "b" }] });
    expect(buildRawVideoInputArgs(vertical, "f.yuv")).toEqual(["-protocol_whitelist", "file,pipe", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1080x1920", "-framerate", "30", "-i", "f.yuv"]);
    expect(valuesOf(buildEncoderFloorArgs({ timeline: vertical, source: "f.yuv", output: "o.mp4" }), "-s")).toEqual(["1080x1920"]);
  });
});
