import { describe, expect, it } from "vitest";
import { storySpecSchema, type CaptionFontId } from "../../contracts/story-spec";
import { assertCaptionsFit, findCutCaptions } from "./check-captions";

// The order check measures each caption in its own face: a narrower face
// fits more text at the same size, so whether a caption fits depends on it.

const CAPTION_160 =
  "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";
/** 240 characters: too long at 9:16 Large in sans and serif, whole in the narrower handwritten and condensed faces. */
const CAPTION_240 = `${CAPTION_160} ${CAPTION_160}`.slice(0, 240).trim();

const story = (fonts: Array<CaptionFontId | undefined>) =>
  storySpecSchema.parse({
    aspectRatio: "9:16",
    slides: fonts.map((font) => ({ assetId: "a", caption: CAPTION_240, captionStyle: { size: "large", ...(font ? { font } : {}) } })),
  });

describe("findCutCaptions by face", () => {
  it("measures each caption in its own face", () => {
    expect(findCutCaptions(story([undefined, "sans", "serif", "handwritten", "condensed"]))).toEqual([0, 1, 2]);
  });

  it("refuses the order naming the first photo whose face cannot hold its caption", () => {
    expect(() => assertCaptionsFit(story(["condensed", "serif"]))).toThrow(/^Photo 2 \(slides\.1\.caption\): This caption is too long/);
    expect(() => assertCaptionsFit(story(["condensed", "handwritten"]))).not.toThrow();
  });

  it("a short caption fits in every face", () => {
    const spec = storySpecSchema.parse({
      aspectRatio: "9:16",
      slides: (["sans", "serif", "handwritten", "condensed"] as const).map((font) => ({ assetId: "a", caption: CAPTION_160, captionStyle: { size: "large", font } })),
    });
    expect(findCutCaptions(spec)).toEqual([]);
  });
});
