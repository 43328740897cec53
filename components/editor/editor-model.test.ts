import { describe, expect, it } from "vitest";
import { draftSchema } from "@/lib/contracts/draft";
import { storySpecSchema } from "@/lib/contracts/story-spec";
import { clipChangeTimesMs, computeTimeline } from "@/lib/timeline";
import { DEFAULT_SETTINGS, findBlocker, fromDraft, newSlide, toDraft, toPreviewSpec, toStorySpec, type EditorSlide } from "./editor-model";

const ready = (assetId: string, patch: Partial<EditorSlide> = {}): EditorSlide => ({
  ...newSlide(`${assetId}.jpg`, { status: "ready" }),
  assetId,
  ...patch,
});

describe("findBlocker", () => {
  it("names what stops an order, in the order a customer meets it", () => {
    expect(findBlocker(DEFAULT_SETTINGS, [], null)).toBe("Add at least one photo to make a video.");
    const uploading = newSlide("a.jpg", { status: "uploading", progress: 0.3 });
    expect(findBlocker(DEFAULT_SETTINGS, [ready("a"), uploading], null)).toBe("Wait for 1 photo to finish uploading.");
    const refused = newSlide("b.txt", { status: "refused", reason: "no" });
    const failed = newSlide("c.jpg", { status: "failed", reason: "net" });
    expect(findBlocker(DEFAULT_SETTINGS, [ready("a"), refused, failed], null)).toBe("Retry or remove the photo that could not be uploaded.");
    expect(findBlocker(DEFAULT_SETTINGS, [ready("a"), refused], null)).toBe("Remove the refused photo: it cannot be used.");
    const music = { key: "m", name: "song.mp3", upload: { status: "uploading" as const, progress: 0.5 } };
    expect(findBlocker(DEFAULT_SETTINGS, [ready("a")], music)).toBe("Wait for the music to finish uploading.");
    const untitled = { ...DEFAULT_SETTINGS, titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "  " } };
    expect(findBlocker(untitled, [ready("a")], null)).toBe("Give the title card a title, or turn it off.");
    expect(findBlocker(DEFAULT_SETTINGS, [ready("a")], null)).toBeNull();
  });

  it("asks for a photo that could not be read to be replaced, leaves it out of the video and keeps the flag in the draft", () => {
    const slides = [ready("a"), ready("b", { unreadable: true, name: "beach.jpg" })];
    expect(findBlocker(DEFAULT_SETTINGS, slides, null)).toBe("Photo 2 (beach.jpg) could not be read — replace it, or remove it.");
    expect(toPreviewSpec(DEFAULT_SETTINGS, slides, null).slides.map((slide) => slide.assetId)).toEqual([slides[0].key]);
    expect(toStorySpec(DEFAULT_SETTINGS, slides, null).slides.map((slide) => slide.assetId)).toEqual(["a"]);
    const draft = toDraft(DEFAULT_SETTINGS, slides, null);
    expect(draft.slides.map((slide) => slide.unreadable)).toEqual([undefined, true]);
    expect(draftSchema.parse(draft)).toEqual(draft);
    const restored = fromDraft(draft, { a: "https://s3/a", b: "https://s3/b" });
    expect(restored.slides[1]).toMatchObject({ unreadable: true, hasNoThumb: true, thumbUrl: undefined, previewUrl: undefined });
    expect(restored.slides[0]).toMatchObject({ thumbUrl: "https://s3/a" });
    // Replaced (the editor clears the flag): orderable again.
    expect(findBlocker(DEFAULT_SETTINGS, [slides[0], { ...slides[1], unreadable: false }], null)).toBeNull();
  });

  it("names the first photo whose caption would be cut", () => {
    const slides = [ready("a"), ready("b"), ready("c")];
    expect(findBlocker(DEFAULT_SETTINGS, slides, null, new Set([slides[2].key, slides[1].key]))).toBe(
      "Photo 2: This caption is too long for this size and shape: shorten it or pick a smaller size.",
    );
    expect(findBlocker(DEFAULT_SETTINGS, slides, null, new Set())).toBeNull();
  });
});

describe("toStorySpec", () => {
  it("sends only ready photos, with every option, as a valid story spec", () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      title: " Our summer ",
      transition: "wipe" as const,
      titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "Hello", subtitle: "" },
    };
    const slides = [
      ready("a", { caption: "שלום 🌊", kenBurns: true, kenBurnsDirection: "pan", fit: "blur", durationMs: 4500, focus: { x: 0.25, y: 0.8 } }),
      ready("b", { caption: "   " }),
    ];
    const spec = storySpecSchema.parse(toStorySpec(settings, slides, { key: "m", name: "s.mp3", upload: { status: "ready" }, assetId: "song" }));
    expect(spec.title).toBe("Our summer");
    expect(spec.transition).toBe("wipe");
    expect(spec.titleCard).toMatchObject({ title: "Hello", subtitle: undefined, background: "color" });
    expect(spec.music).toEqual({ assetId: "song", startMs: 0 });
    expect(spec.slides).toEqual([
      { assetId: "a", caption: "שלום 🌊", captionStyle: slides[0].captionStyle, durationMs: 4500, kenBurns: true, kenBurnsDirection: "pan", fit: "blur", focus: { x: 0.25, y: 0.8 } },
      { assetId: "b", caption: undefined, captionStyle: slides[1].captionStyle, durationMs: 3000, kenBurns: false, kenBurnsDirection: "auto", fit: "cover", focus: { x: 0.5, y: 0.5 } },
    ]);
  });

  it("the preview's timeline and the ordered spec's timeline have the same length", () => {
    const slides = [ready("a", { durationMs: 2000 }), ready("b", { durationMs: 7000 })];
    const settings = { ...DEFAULT_SETTINGS, titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "T" } };
    const preview = computeTimeline(toPreviewSpec(settings, slides, null));
    const ordered = computeTimeline(storySpecSchema.parse(toStorySpec(settings, slides, null)));
    expect(preview.totalFrames).toBe(ordered.totalFrames);
    expect(preview.transitions.map((t) => t.startFrame)).toEqual(ordered.transitions.map((t) => t.startFrame));
  });
});

describe("music timing", () => {
  const beat = { bpm: 128, periodMs: 60_000 / 128, phaseMs: 80 };
  const song = (patch = {}) => ({ key: "m", name: "s.wav", upload: { status: "ready" as const }, assetId: "song", beat, beatStatus: "found" as const, songMs: 180_000, ...patch });
  const slides = () => [ready("a", { durationMs: 3000 }), ready("b", { durationMs: 4500 }), ready("c", { durationMs: 2000 })];
  const titled = { ...DEFAULT_SETTINGS, titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "T" } };

  it("starts the song where chosen; lengths stay as chosen while slides do not follow the beat", () => {
    const spec = storySpecSchema.parse(toStorySpec(DEFAULT_SETTINGS, slides(), song({ startMs: 12_345 })));
    expect(spec.music).toEqual({ assetId: "song", startMs: 12_345 });
    expect(spec.slides.map((s) => s.durationMs)).toEqual([3000, 4500, 2000]);
    expect(toPreviewSpec(DEFAULT_SETTINGS, slides(), song({ startMs: 12_345 })).music).toEqual({ assetId: "m", startMs: 12_345 });
  });

  it("on the beat, the preview and the order change photos on the same beats of the song", () => {
    const music = song({ startMs: 10_000, onBeat: true });
    const ordered = storySpecSchema.parse(toStorySpec(titled, slides(), music));
    const preview = toPreviewSpec(titled, slides(), music);
    // The song starts on the beat nearest the chosen start.
    const start = ordered.music!.startMs;
    expect(start).toBe(Math.round(80 + 21 * beat.periodMs));
    expect(preview.music?.startMs).toBe(start);
    expect(preview.slides.map((s) => s.durationMs)).toEqual(ordered.slides.map((s) => s.durationMs));
    expect(preview.titleCard?.durationMs).toBe(ordered.titleCard?.durationMs);
    expect(ordered.slides.map((s) => s.durationMs)).not.toEqual([3000, 4500, 2000]);
    const changes = clipChangeTimesMs(computeTimeline(ordered));
    expect(changes).toHaveLength(4);
    for (const change of changes) {
      const songMs = start + change;
      const k = Math.round((songMs - beat.phaseMs) / beat.periodMs);
      expect(Math.abs(songMs - (beat.phaseMs + k * beat.periodMs))).toBeLessThan(17.2);
    }
  });

  it("without a beat found, the toggle changes nothing", () => {
    const spec = toStorySpec(DEFAULT_SETTINGS, slides(), song({ onBeat: true, beat: undefined, beatStatus: "none" }));
    expect(spec.slides.map((s) => s.durationMs)).toEqual([3000, 4500, 2000]);
  });

  it("is saved in the draft and restored", () => {
    const music = song({ startMs: 5000, onBeat: true });
    const draft = draftSchema.parse(toDraft(DEFAULT_SETTINGS, slides(), music));
    expect(draft.music).toEqual({ assetId: "song", name: "s.wav", startMs: 5000, songMs: 180_000, onBeat: true, beat: { bpm: 128, periodMs: beat.periodMs, phaseMs: 80 } });
    const restored = fromDraft(draft, { song: "https://s3.example/song" });
    expect(restored.music).toMatchObject({ startMs: 5000, onBeat: true, beat, beatStatus: "found", url: "https://s3.example/song" });
    expect(JSON.stringify(toDraft(restored.settings, restored.slides, restored.music))).toBe(JSON.stringify(draft));
    // A draft saved before music had a start or a beat reads back the same.
    expect(toDraft(DEFAULT_SETTINGS, [], { key: "m", name: "s.mp3", upload: { status: "ready" }, assetId: "song" }).music).toEqual({ assetId: "song", name: "s.mp3" });
  });
});

describe("drafts", () => {
  it("keep ready photos and settings, and restore them", () => {
    const settings = { ...DEFAULT_SETTINGS, aspectRatio: "1:1" as const, title: "Weekend" };
    const slides = [ready("a", { caption: "Bleu\nnuit", durationMs: 6500 }), newSlide("up.jpg", { status: "uploading", progress: 0.5 })];
    const draft = draftSchema.parse(toDraft(settings, slides, null));
    expect(draft.slides.map((s) => s.assetId)).toEqual(["a"]);
    const restored = fromDraft(draft, { a: "https://s3.example/a" });
    expect(restored.settings).toEqual(settings);
    expect(restored.slides[0]).toMatchObject({ assetId: "a", caption: "Bleu\nnuit", durationMs: 6500, upload: { status: "ready" }, previewUrl: "https://s3.example/a", isRemote: true });
    expect(JSON.stringify(toDraft(restored.settings, restored.slides, restored.music))).toBe(JSON.stringify(draft));
  });

  it("keep the focus point and the Ken Burns direction (what autosave sends and restores)", () => {
    const slides = [ready("a", { focus: { x: 0.1, y: 0.35 }, kenBurns: true, kenBurnsDirection: "out" })];
    const draft = draftSchema.parse(JSON.parse(JSON.stringify(toDraft(DEFAULT_SETTINGS, slides, null))));
    expect(draft.slides[0]).toMatchObject({ focus: { x: 0.1, y: 0.35 }, kenBurnsDirection: "out" });
    expect(fromDraft(draft, {}).slides[0]).toMatchObject({ focus: { x: 0.1, y: 0.35 }, kenBurns: true, kenBurnsDirection: "out" });
    expect(toPreviewSpec(DEFAULT_SETTINGS, slides, null).slides[0]).toMatchObject({ focus: { x: 0.1, y: 0.35 }, kenBurnsDirection: "out" });
  });

  it("saved before focus points, still load: the middle and the varied zoom", () => {
    const old = toDraft(DEFAULT_SETTINGS, [ready("a")], null);
    const oldSlide: Record<string, unknown> = { ...old.slides[0] };
    delete oldSlide.focus;
    delete oldSlide.kenBurnsDirection;
    const draft = draftSchema.parse({ ...old, slides: [oldSlide] });
    expect(draft.slides[0]).toMatchObject({ focus: { x: 0.5, y: 0.5 }, kenBurnsDirection: "auto" });
    expect(draftSchema.safeParse({ ...old, slides: [{ ...oldSlide, focus: { x: 2, y: 0 } }] }).success).toBe(false);
  });
});
