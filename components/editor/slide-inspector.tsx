"use client";

import { useId } from "react";
import { MAX_CAPTION_LENGTH, type AspectRatio, type CaptionStyle } from "@/lib/contracts/story-spec";
import { CAPTION_TOO_LONG_MESSAGE } from "@/lib/timeline";
import { ColorField, DurationField, Panel, Segmented, Toggle, buttonClass, textInputClass } from "./controls";
import type { EditorSlide } from "./editor-model";
import { FocusPicker } from "./focus-picker";
import { FontPicker } from "./look-pickers";

// Everything about one slide: its caption and how the caption looks, how
// long it stays, the slow zoom and which way it moves, how a photo of
// another shape fills the frame, and which part of it stays in the frame.

const CAPTION_COLORS = ["#ffffff", "#fde047", "#f9a8d4", "#111827"] as const;

export function SlideInspector(props: {
  slide: EditorSlide | null;
  number: number;
  total: number;
  /** The caption does not fit the frame even at its smallest size. */
  isCaptionCut: boolean;
  /** The video's shape: the focus picker shows the part of the photo it keeps. */
  aspectRatio: AspectRatio;
  onChange: (patch: Partial<EditorSlide>) => void;
  onApplyToAll: () => void;
}) {
  const captionId = useId();
  const countId = useId();
  const fitId = useId();
  const { slide } = props;
  if (!slide) {
    return (
      <Panel title="Photo">
        <p className="text-sm text-stone-600">Add photos, then pick one to write its caption and choose how long it stays.</p>
      </Panel>
    );
  }
  const style = slide.captionStyle;
  const setStyle = (patch: Partial<CaptionStyle>) => props.onChange({ captionStyle: { ...style, ...patch } });
  return (
    <Panel
      title={`Photo ${props.number} of ${props.total}`}
      action={
        props.total > 1 ? (
          <button type="button" className={buttonClass.quiet} onClick={props.onApplyToAll}>
            Use for all photos
          </button>
        ) : null
      }
    >
      <div>
        <div className="mb-1 flex items-baseline justify-between">
          <label htmlFor={captionId} className="text-sm font-medium text-stone-800">
            Caption
          </label>
          <span id={countId} className="text-xs tabular-nums text-stone-600">
            {slide.caption.length}/{MAX_CAPTION_LENGTH}
          </span>
        </div>
        <textarea
          id={captionId}
          dir="auto"
          rows={3}
          maxLength={MAX_CAPTION_LENGTH}
          value={slide.caption}
          aria-describedby={props.isCaptionCut ? `${countId} ${fitId}` : countId}
          aria-invalid={props.isCaptionCut || undefined}
          placeholder="Write something about this moment (optional)"
          onChange={(event) => props.onChange({ caption: event.target.value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "") })}
          className={`resize-y ${textInputClass}`}
        />
        {props.isCaptionCut && (
          <p id={fitId} className="mt-1 text-sm font-medium text-red-700" data-testid="caption-too-long">
            {CAPTION_TOO_LONG_MESSAGE}.
          </p>
        )}
      </div>
      <FontPicker legend="Caption font" name={`font-${slide.key}`} value={style.font} onChange={(font) => setStyle({ font })} />
      <Segmented
        legend="Caption position"
        name={`position-${slide.key}`}
        value={style.position}
        onChange={(position) => setStyle({ position })}
        options={[
          { value: "top", label: "Top" },
          { value: "middle", label: "Middle" },
          { value: "bottom", label: "Bottom" },
        ]}
      />
      <Segmented
        legend="Caption size"
        name={`size-${slide.key}`}
        value={style.size}
        onChange={(size) => setStyle({ size })}
        options={[
          { value: "small", label: "Small" },
          { value: "medium", label: "Medium" },
          { value: "large", label: "Large" },
        ]}
      />
      <Segmented
        legend="Caption background"
        name={`background-${slide.key}`}
        value={style.background}
        onChange={(background) => setStyle({ background })}
        options={[
          { value: "box", label: "Box" },
          { value: "shadow", label: "Shadow" },
          { value: "none", label: "None" },
        ]}
      />
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-stone-800">Caption colour</legend>
        <div className="flex flex-wrap items-center gap-2">
          {CAPTION_COLORS.map((color) => (
            <button
              key={color}
              type="button"
              aria-label={`Caption colour ${color}`}
              aria-pressed={style.color.toLowerCase() === color}
              onClick={() => setStyle({ color })}
              style={{ backgroundColor: color }}
              className="h-8 w-8 rounded-full border border-stone-300 shadow-inner aria-pressed:ring-2 aria-pressed:ring-rose-600 aria-pressed:ring-offset-2 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2"
            />
          ))}
          <ColorField label="Other colour" value={style.color} onChange={(color) => setStyle({ color })} />
        </div>
      </fieldset>
      <DurationField label="How long it stays" valueMs={slide.durationMs} onChange={(durationMs) => props.onChange({ durationMs })} />
      <Toggle
        label="Slow zoom (Ken Burns)"
        description="The photo drifts and zooms gently while it is on screen."
        checked={slide.kenBurns}
        onChange={(kenBurns) => props.onChange({ kenBurns })}
      />
      {slide.kenBurns && (
        <Segmented
          legend="Zoom direction"
          name={`direction-${slide.key}`}
          value={slide.kenBurnsDirection}
          onChange={(kenBurnsDirection) => props.onChange({ kenBurnsDirection })}
          options={[
            { value: "auto", label: "Varied", title: "Zoom in on one photo, out on the next" },
            { value: "in", label: "Zoom in", title: "Zoom in towards the focus point" },
            { value: "out", label: "Zoom out", title: "Start close on the focus point and zoom out" },
            { value: "pan", label: "Pan", title: "Glide sideways across the photo" },
          ]}
        />
      )}
      <Segmented
        legend="If the photo’s shape differs from the video’s"
        name={`fit-${slide.key}`}
        value={slide.fit}
        onChange={(fit) => props.onChange({ fit })}
        options={[
          { value: "cover", label: "Fill the frame", title: "Crop the photo so it fills the frame" },
          { value: "blur", label: "Show it all", title: "Fit the whole photo over a blurred copy of itself" },
        ]}
      />
      <FocusPicker
        key={slide.key}
        imageUrl={slide.thumbUrl}
        isRemote={slide.isRemote}
        photoSize={slide.width && slide.height ? { width: slide.width, height: slide.height } : undefined}
        aspectRatio={props.aspectRatio}
        fit={slide.fit}
        focus={slide.focus}
        onChange={(focus) => props.onChange({ focus })}
      />
    </Panel>
  );
}
