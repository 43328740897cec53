"use client";

import type { CSSProperties } from "react";
import type { ThemeId } from "@/lib/contracts/draft";
import type { CaptionFontId, CaptionStyle } from "@/lib/contracts/story-spec";
import { CAPTION_BOX_COLOR, CAPTION_FACES, CAPTION_FONT_IDS, DEFAULT_CAPTION_FONT, captionFontStack } from "@/lib/timeline";
import { Panel, Segmented, focusRing } from "./controls";
import { THEMES, THEME_IDS } from "./themes";

// The font picker (a caption's, the title card's) and the theme picker, each
// option drawn in its own face (app/fonts.css, the renderer's files).

/** CSS for text in a caption face, as the preview and the video draw it. */
export function faceStyle(font: CaptionFontId | undefined): CSSProperties {
  return { fontFamily: captionFontStack(font ?? DEFAULT_CAPTION_FONT), fontWeight: 700 };
}

export function FontPicker(props: { legend: string; name: string; value: CaptionFontId | undefined; onChange: (font: CaptionFontId) => void }) {
  return (
    <Segmented
      legend={props.legend}
      name={props.name}
      value={props.value ?? DEFAULT_CAPTION_FONT}
      onChange={props.onChange}
      options={CAPTION_FONT_IDS.map((id) => ({
        value: id,
        title: CAPTION_FACES[id].typeface,
        label: (
          <span className="text-base leading-tight" style={faceStyle(id)}>
            {CAPTION_FACES[id].label}
          </span>
        ),
      }))}
    />
  );
}

const SAMPLE_SIZE: Record<CaptionStyle["size"], number> = { small: 11, medium: 13, large: 16 };
const SAMPLE_ALIGN: Record<CaptionStyle["position"], string> = { top: "justify-start", middle: "justify-center", bottom: "justify-end" };

/** A small frame: a photo-like gradient with a caption in the theme's style, and the title card's colours. */
function ThemeSample(props: { theme: ThemeId }) {
  const { captionStyle: style, titleCard } = THEMES[props.theme];
  const text: CSSProperties = {
    ...faceStyle(style.font),
    color: style.color,
    fontSize: SAMPLE_SIZE[style.size],
    lineHeight: 1.2,
    ...(style.background === "box" ? { backgroundColor: CAPTION_BOX_COLOR, borderRadius: 4, padding: "1px 5px" } : {}),
    ...(style.background === "shadow" ? { textShadow: "0 1px 3px rgba(0, 0, 0, 0.85)" } : {}),
  };
  return (
    <span aria-hidden="true" className="flex w-full gap-1">
      <span
        className={`flex aspect-video min-w-0 flex-[3] flex-col items-center overflow-hidden rounded-md p-1.5 ${SAMPLE_ALIGN[style.position]}`}
        style={{ background: "linear-gradient(160deg, #7dd3fc 0%, #38bdf8 40%, #a16207 75%, #713f12 100%)" }}
      >
        <span className="max-w-full truncate" style={text}>
          Summer
        </span>
      </span>
      <span
        className="flex aspect-[9/16] min-w-0 flex-1 items-center justify-center overflow-hidden rounded-md text-sm"
        style={{ ...faceStyle(titleCard.font), backgroundColor: titleCard.backgroundColor, color: titleCard.textColor }}
      >
        Aa
      </span>
    </span>
  );
}

/** Picks a look: fills in every photo's caption style, the title card's font and colours and the transition. */
export function ThemePicker(props: { value: ThemeId | undefined; onPick: (theme: ThemeId) => void }) {
  return (
    <Panel title="Look">
      <p className="text-sm text-stone-600">A look sets the fonts, caption style, title card colours and transition at once. You can change any of them afterwards.</p>
      <div className="grid grid-cols-2 gap-2" data-testid="theme-picker">
        {THEME_IDS.map((id) => {
          const theme = THEMES[id];
          const isPicked = (props.value ?? "classic") === id;
          return (
            <button
              key={id}
              type="button"
              aria-pressed={isPicked}
              onClick={() => props.onPick(id)}
              className={`flex flex-col items-start gap-1.5 rounded-xl border p-2 text-left hover:bg-stone-50 aria-pressed:border-rose-600 aria-pressed:ring-1 aria-pressed:ring-rose-600 ${isPicked ? "border-rose-600" : "border-stone-200"} ${focusRing}`}
            >
              <ThemeSample theme={id} />
              <span className="text-sm font-semibold text-stone-900">{theme.name}</span>
              <span className="text-xs text-stone-600">{theme.description}</span>
            </button>
          );
        })}
      </div>
    </Panel>
  );
}
