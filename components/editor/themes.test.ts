import { describe, expect, it } from "vitest";
import { THEME_NAMES, draftSchema } from "@/lib/contracts/draft";
import { DEFAULT_CAPTION_STYLE, captionStyleSchema, storySpecSchema, transitionSchema } from "@/lib/contracts/story-spec";
import { DEFAULT_SETTINGS, fromDraft, newSlide, toDraft, toStorySpec, type EditorSlide } from "./editor-model";
import { THEMES, THEME_IDS, applyThemeToSettings, applyThemeToSlides, themeCaptionStyle } from "./themes";

const ready = (assetId: string, patch: Partial<EditorSlide> = {}): EditorSlide => ({ ...newSlide(`${assetId}.jpg`, { status: "ready" }), assetId, ...patch });

describe("themes", () => {
  it("are the draft's theme names, each a full, valid look of its own", () => {
    expect([...THEME_IDS].sort()).toEqual([...THEME_NAMES].sort());
    for (const id of THEME_IDS) {
      const theme = THEMES[id];
      expect(theme.id).toBe(id);
      expect(captionStyleSchema.parse(theme.captionStyle)).toEqual(theme.captionStyle);
      expect(transitionSchema.parse(theme.transition)).toBe(theme.transition);
      expect(theme.titleCard.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(theme.titleCard.textColor).toMatch(/^#[0-9a-f]{6}$/);
    }
    // Each looks different: no two share a caption font.
    expect(new Set(THEME_IDS.map((id) => THEMES[id].captionStyle.font)).size).toBe(THEME_IDS.length);
  });

  it("classic is what a story looked like before themes (new photos keep today's caption style)", () => {
    expect(THEMES.classic.captionStyle).toEqual({ ...DEFAULT_CAPTION_STYLE, font: "sans" });
    expect(THEMES.classic.transition).toBe(DEFAULT_SETTINGS.transition);
    expect(THEMES.classic.titleCard).toEqual({
      font: "sans",
      backgroundColor: DEFAULT_SETTINGS.titleCard.backgroundColor,
      textColor: DEFAULT_SETTINGS.titleCard.textColor,
    });
    expect(themeCaptionStyle(undefined)).toEqual(THEMES.classic.captionStyle);
  });

  it("fills in every photo's caption style, the title card's font and colours and the transition; keeps the rest", () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      title: "Trip",
      titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "Lisbon", subtitle: "2026", background: "photo" as const, durationMs: 4000 },
    };
    const slides = [
      ready("a", { caption: "Day one", captionStyle: { position: "middle", size: "small", color: "#123456", background: "none", font: "condensed" }, durationMs: 5000, kenBurns: true, fit: "blur" }),
      ready("b"),
    ];
    const themed = applyThemeToSettings(settings, "elegant");
    expect(themed).toEqual({
      ...settings,
      theme: "elegant",
      transition: "crossfade",
      titleCard: { ...settings.titleCard, font: "serif", backgroundColor: THEMES.elegant.titleCard.backgroundColor, textColor: THEMES.elegant.titleCard.textColor },
    });
    expect(applyThemeToSettings(settings, "bold").transition).toBe("zoom");
    const themedSlides = applyThemeToSlides(slides, "playful");
    expect(themedSlides.map((s) => s.captionStyle)).toEqual([THEMES.playful.captionStyle, THEMES.playful.captionStyle]);
    expect(themedSlides[0]).toEqual({ ...slides[0], captionStyle: THEMES.playful.captionStyle });
    // Each slide has a style of its own: changing one later changes no other, nor the theme.
    expect(themedSlides[0].captionStyle).not.toBe(themedSlides[1].captionStyle);
    expect(themedSlides[0].captionStyle).not.toBe(THEMES.playful.captionStyle);
  });

  it("reaches the story spec as plain fields (the theme's name does not)", () => {
    const settings = applyThemeToSettings({ ...DEFAULT_SETTINGS, titleCard: { ...DEFAULT_SETTINGS.titleCard, enabled: true, title: "Hi" } }, "bold");
    const spec = storySpecSchema.parse(toStorySpec(settings, applyThemeToSlides([ready("a", { caption: "x" })], "bold"), null));
    expect(spec.transition).toBe("zoom");
    expect(spec.slides[0].captionStyle).toEqual(THEMES.bold.captionStyle);
    expect(spec.titleCard).toMatchObject({ font: "condensed", backgroundColor: "#0f172a", textColor: "#facc15" });
    expect(JSON.stringify(spec)).not.toContain("theme");
  });

  it("is kept by the draft with the fonts, and restored", () => {
    const settings = applyThemeToSettings(DEFAULT_SETTINGS, "playful");
    const slides = applyThemeToSlides([ready("a", { caption: "Hi" })], "playful");
    const draft = draftSchema.parse(JSON.parse(JSON.stringify(toDraft(settings, slides, null))));
    expect(draft.theme).toBe("playful");
    expect(draft.titleCard.font).toBe("handwritten");
    expect(draft.slides[0].captionStyle.font).toBe("handwritten");
    const restored = fromDraft(draft, {});
    expect(restored.settings).toEqual(settings);
    expect(restored.slides[0].captionStyle).toEqual(THEMES.playful.captionStyle);
  });

  it("a draft saved before fonts and themes still loads (sans, classic)", () => {
    const old = {
      title: "",
      aspectRatio: "16:9",
      resolution: "720p",
      transition: "crossfade",
      titleCard: { enabled: false, title: "", subtitle: "", background: "color", backgroundColor: "#1f2937", textColor: "#ffffff", durationMs: 3000 },
      music: null,
      slides: [{ assetId: "a", name: "a.jpg", caption: "", captionStyle: { position: "bottom", size: "medium", color: "#ffffff", background: "box" }, durationMs: 3000, kenBurns: false, fit: "cover" }],
    };
    const draft = draftSchema.parse(old);
    expect(draft.theme).toBeUndefined();
    expect(draft.titleCard.font).toBeUndefined();
    expect(draft.slides[0].captionStyle.font).toBeUndefined();
  });

  it("a draft naming an unknown theme or font is refused", () => {
    const draft = toDraft(DEFAULT_SETTINGS, [ready("a")], null);
    expect(draftSchema.safeParse({ ...draft, theme: "neon" }).success).toBe(false);
    expect(draftSchema.safeParse({ ...draft, titleCard: { ...draft.titleCard, font: "Arial" } }).success).toBe(false);
  });
});
