"use client";

import { useRef, type ReactNode } from "react";
import type { DraftTitleCard } from "@/lib/contracts/draft";
import { MAX_SUBTITLE_LENGTH, MAX_TITLE_LENGTH } from "@/lib/contracts/story-spec";
import { ColorField, DurationField, Panel, Segmented, TextField, Toggle, buttonClass, focusRing } from "./controls";
import type { EditorMusic, EditorSettings } from "./editor-model";
import { FontPicker } from "./look-pickers";
import { AUDIO_ACCEPT } from "./upload-file";

export function TitleCardSettings(props: { card: DraftTitleCard; hasPhotos: boolean; onChange: (patch: Partial<DraftTitleCard>) => void }) {
  const { card } = props;
  return (
    <Panel title="Title card">
      <Toggle
        label="Start with a title card"
        description="A title and a subtitle before the first photo."
        checked={card.enabled}
        onChange={(enabled) => props.onChange({ enabled })}
      />
      {card.enabled && (
        <>
          <TextField
            label="Title card title"
            value={card.title}
            maxLength={MAX_TITLE_LENGTH}
            placeholder="e.g. Our summer in Lisbon"
            onChange={(title) => props.onChange({ title })}
          />
          <TextField
            label={
              <>
                Subtitle <span className="font-normal text-stone-600">(optional)</span>
              </>
            }
            value={card.subtitle}
            maxLength={MAX_SUBTITLE_LENGTH}
            placeholder="e.g. August 2026"
            onChange={(subtitle) => props.onChange({ subtitle })}
          />
          <FontPicker legend="Title card font" name="title-font" value={card.font} onChange={(font) => props.onChange({ font })} />
          <Segmented
            legend="Title card background"
            name="title-background"
            value={card.background}
            onChange={(background) => props.onChange({ background })}
            options={[
              { value: "color", label: "A colour" },
              { value: "photo", label: "The first photo", title: props.hasPhotos ? undefined : "Add a photo first" },
            ]}
          />
          <div className="flex flex-wrap gap-4">
            {card.background === "color" && (
              <ColorField label="Background colour" value={card.backgroundColor} onChange={(backgroundColor) => props.onChange({ backgroundColor })} />
            )}
            <ColorField label="Text colour" value={card.textColor} onChange={(textColor) => props.onChange({ textColor })} />
          </div>
          <DurationField label="How long the title stays" valueMs={card.durationMs} onChange={(durationMs) => props.onChange({ durationMs })} />
        </>
      )}
    </Panel>
  );
}

export function VideoSettings(props: { settings: EditorSettings; onChange: (patch: Partial<EditorSettings>) => void }) {
  const { settings } = props;
  return (
    <Panel title="Video">
      <Segmented
        legend="Shape"
        name="aspect-ratio"
        value={settings.aspectRatio}
        onChange={(aspectRatio) => props.onChange({ aspectRatio })}
        options={[
          { value: "16:9", label: <ShapeLabel w={16} h={9} ratio="16:9" text="Wide" />, title: "Landscape, for screens and YouTube" },
          { value: "9:16", label: <ShapeLabel w={9} h={16} ratio="9:16" text="Tall" />, title: "Portrait, for phones, Reels and Stories" },
          { value: "1:1", label: <ShapeLabel w={12} h={12} ratio="1:1" text="Square" />, title: "Square, for feeds" },
        ]}
      />
      <Segmented
        legend="Quality"
        name="resolution"
        value={settings.resolution}
        onChange={(resolution) => props.onChange({ resolution })}
        options={[
          { value: "720p", label: "720p HD" },
          { value: "1080p", label: "1080p Full HD" },
        ]}
      />
      <Segmented
        legend="Transition between photos"
        name="transition"
        value={settings.transition}
        onChange={(transition) => props.onChange({ transition })}
        options={[
          { value: "crossfade", label: "Crossfade" },
          { value: "slide", label: "Slide" },
          { value: "wipe", label: "Wipe" },
          { value: "zoom", label: "Zoom" },
          { value: "none", label: "None" },
        ]}
      />
    </Panel>
  );
}

function ShapeLabel(props: { w: number; h: number; ratio: string; text: string }) {
  return (
    <span className="flex items-center gap-1.5">
      <span aria-hidden="true" className="inline-block rounded-[3px] border-2 border-current" style={{ width: props.w, height: props.h }} />
      {props.ratio}
      <span className="hidden sm:inline">{props.text}</span>
    </span>
  );
}

export function MusicSettings(props: {
  music: EditorMusic | null;
  onPick: (file: File) => void;
  onRemove: () => void;
  onRetry: () => void;
  /** Where the song starts and whether slides follow its beat (music-timing-settings). */
  timing?: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { music } = props;
  return (
    <Panel title="Music">
      {music ? (
        <div className="space-y-2">
          <div className="flex items-center gap-3 rounded-xl border border-stone-200 bg-stone-50 px-3 py-2">
            <span aria-hidden="true" className="text-xl">
              ♪
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium" title={music.name} data-testid="music-name">
                {music.name}
              </p>
              <p className="text-xs text-stone-600" data-testid="music-status">
                {music.upload.status === "ready"
                  ? "Ready — fades out at the end of the video"
                  : music.upload.status === "uploading"
                    ? `Uploading ${Math.round(music.upload.progress * 100)}%`
                    : music.upload.status === "queued"
                      ? "Waiting to upload"
                      : music.upload.status === "refused"
                        ? "Not usable"
                        : music.upload.retry?.kind === "connection"
                          ? "Waiting for the connection"
                          : music.upload.retry
                            ? "Trying again soon"
                            : "Could not be uploaded"}
              </p>
            </div>
            <button type="button" className={buttonClass.danger} onClick={props.onRemove}>
              Remove music
            </button>
          </div>
          {music.upload.status === "uploading" && (
            <progress max={1} value={music.upload.progress} aria-label="Upload of the music" className="block h-1.5 w-full accent-rose-700" />
          )}
          {(music.upload.status === "failed" || music.upload.status === "refused") && (
            <div className="rounded-xl bg-red-50 px-3 py-2 text-sm text-red-800">
              <p role="alert">{music.upload.reason}</p>
              {music.upload.status === "failed" && (
                <button type="button" onClick={props.onRetry} className={`mt-1 font-semibold underline ${focusRing}`}>
                  Retry music upload
                </button>
              )}
            </div>
          )}
          {music.upload.status !== "failed" && music.upload.status !== "refused" && props.timing}
        </div>
      ) : (
        <p className="text-sm text-stone-600">Add a song (MP3, M4A, AAC, WAV, OGG or FLAC, up to 25 MB). It fades out at the end; you can choose where it starts and change slides on its beat.</p>
      )}
      <label className={`${buttonClass.secondary} cursor-pointer has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600`}>
        {music ? "Choose other music" : "Add music"}
        <input
          ref={input}
          type="file"
          accept={AUDIO_ACCEPT}
          className="sr-only"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) props.onPick(file);
            if (input.current) input.current.value = "";
          }}
        />
      </label>
    </Panel>
  );
}

/** The video's name: shown in My videos and used for the downloaded file. */
export function FileNameSettings(props: { title: string; onChange: (title: string) => void }) {
  return (
    <Panel title="File name">
      <TextField
        label="Video name"
        value={props.title}
        maxLength={MAX_TITLE_LENGTH}
        placeholder="e.g. Our summer"
        hint="Shown in My videos and used for the downloaded file."
        onChange={props.onChange}
      />
    </Panel>
  );
}
