import { describe, expect, it } from "vitest";
import { draftSchema } from "../../contracts/draft";
import { storySpecSchema } from "../../contracts/story-spec";
import { toDraftFromSpec } from "./copy-order-to-draft";

const assets = new Map([
  ["a1", { filename: "beach.jpg", width: 1200, height: 900 }],
  ["a2", { filename: "dunes.png", width: 800, height: 800 }],
  ["m1", { filename: "song.mp3", width: null, height: null }],
]);

const spec = storySpecSchema.parse({
  title: "Our summer",
  aspectRatio: "9:16",
  resolution: "1080p",
  transition: "wipe",
  titleCard: { title: "Lisbon", background: "photo" },
  music: { assetId: "m1", startMs: 12_500 },
  slides: [
    {
      assetId: "a1", caption: "Day one", durationMs: 4000, kenBurns: true, kenBurnsDirection: "pan", focus: { x: 0.2, y: 0.7 },
      captionStyle: { position: "top", color: "#fde047", font: "serif" },
    },
    { assetId: "a2", fit: "blur" },
    { assetId: "a1" },
  ],
});

describe("toDraftFromSpec", () => {
  it("copies every setting of the story into a valid draft, with the customer's file names", () => {
    const { draft, unreadablePhoto } = toDraftFromSpec({ spec, assets, failedAssetId: null });
    expect(draftSchema.parse(draft)).toEqual(draft);
    expect(draft).toMatchObject({
      title: "Our summer",
      aspectRatio: "9:16",
      resolution: "1080p",
      transition: "wipe",
      titleCard: { enabled: true, title: "Lisbon", subtitle: "", background: "photo", backgroundColor: "#1f2937", textColor: "#ffffff", durationMs: 3000 },
      music: { assetId: "m1", name: "song.mp3", startMs: 12_500 },
    });
    expect(draft.slides).toEqual([
      {
        assetId: "a1", name: "beach.jpg", width: 1200, height: 900, caption: "Day one", durationMs: 4000, kenBurns: true, fit: "cover",
        kenBurnsDirection: "pan", focus: { x: 0.2, y: 0.7 },
        captionStyle: { position: "top", size: "medium", color: "#fde047", background: "box", font: "serif" },
      },
      {
        assetId: "a2", name: "dunes.png", width: 800, height: 800, caption: "", durationMs: 3000, kenBurns: false, fit: "blur",
        kenBurnsDirection: "auto", focus: { x: 0.5, y: 0.5 }, captionStyle: spec.slides[1].captionStyle,
      },
      expect.objectContaining({ assetId: "a1", name: "beach.jpg", caption: "" }),
    ]);
    expect(draft.slides.some((slide) => slide.unreadable)).toBe(false);
    expect(unreadablePhoto).toBeNull();
  });

  it("flags every slide showing the photo that could not be read, and names the first", () => {
    const { draft, unreadablePhoto } = toDraftFromSpec({ spec, assets, failedAssetId: "a1" });
    expect(draft.slides.map((slide) => slide.unreadable ?? false)).toEqual([true, false, true]);
    expect(unreadablePhoto).toBe(1);
    expect(draftSchema.parse(draft)).toEqual(draft);
  });

  it("turns the title card off when the story had none, and names a photo whose asset is gone by its place", () => {
    const plain = storySpecSchema.parse({ slides: [{ assetId: "gone" }] });
    const { draft } = toDraftFromSpec({ spec: plain, assets, failedAssetId: null });
    expect(draft.titleCard.enabled).toBe(false);
    expect(draft.title).toBe("");
    expect(draft.slides[0]).toMatchObject({ assetId: "gone", name: "Photo 1" });
    expect(draft.slides[0].width).toBeUndefined();
  });
});
