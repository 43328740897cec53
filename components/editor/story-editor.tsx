"use client";

import { arrayMove } from "@dnd-kit/sortable";
import Link from "next/link";
import { useRouter } from "next/navigation";
import pLimit from "p-limit";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { MAX_SLIDES, MAX_TITLE_LENGTH } from "@/lib/contracts/story-spec";
import type { ThemeId } from "@/lib/contracts/draft";
import { computeTimeline, framesToMs } from "@/lib/timeline";
import { Panel, buttonClass, focusRing, textInputClass } from "./controls";
import { formatTime } from "./draw-frame";
import {
  DEFAULT_SETTINGS,
  findBlocker,
  isInVideo,
  newSlide,
  nextKey,
  toPreviewSpec,
  toStorySpec,
  type EditorMusic,
  type EditorSettings,
  type EditorSlide,
  type UploadState,
} from "./editor-model";
import { makeThumbnails } from "./make-thumbnail";
import { SlideInspector } from "./slide-inspector";
import { SlideList, THUMB_ASPECT } from "./slide-list";
import { StoryPreview, type PreviewPhoto } from "./story-preview";
import { MusicSettings, TitleCardSettings, VideoSettings } from "./story-settings";
import { ThemePicker } from "./look-pickers";
import { THEMES, applyThemeToSettings, applyThemeToSlides, themeCaptionStyle } from "./themes";
import { checkAudioFile, checkPhotoFile, getAudioType, readError, type UploadedAsset } from "./upload-file";
import { UploadNotice } from "./upload-notice";
import { describeUnfinishedUploads, summarizeUploads } from "./upload-summary";
import { useCaptionFit } from "./use-caption-fit";
import { useDraftAutosave } from "./use-draft-autosave";
import { useFileDrop } from "./use-file-drop";
import { MusicTimingSettings } from "./music-timing-settings";
import { useMusicBeat } from "./use-music-beat";
import { useLeaveGuard } from "./use-leave-guard";
import { useStickyHeight } from "./use-sticky-height";
import { useUploads } from "./use-uploads";

// The story editor's layout and the state it shares between its parts. The
// parts with a life of their own are hooks: the draft saved as the customer
// works (use-draft-autosave), the uploads of photos and music
// (use-uploads, summed up by upload-summary), asking before leaving while
// they run (use-leave-guard), files dropped on the page (use-file-drop) and
// which captions would be cut (use-caption-fit).

/**
 * Something the editor tells the customer: read out by screen readers, and
 * a limit (photos beyond 100) also shown on the page; a removed photo can be
 * put back.
 */
type Notice =
  | { kind: "status"; text: string }
  | { kind: "limit"; text: string }
  | { kind: "removed"; text: string; slide: EditorSlide; index: number };

export function StoryEditor() {
  const router = useRouter();
  const nameId = useId();
  const [settings, setSettings] = useState<EditorSettings>(DEFAULT_SETTINGS);
  const [slides, setSlides] = useState<EditorSlide[]>([]);
  const [music, setMusic] = useState<EditorMusic | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [seekTarget, setSeekTarget] = useState({ key: null as string | null, nonce: 0 });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isConfirmingReset, setIsConfirmingReset] = useState(false);

  const slidesRef = useRef(slides);
  /** The look new photos take their caption style from. */
  const themeRef = useRef(settings.theme);
  const inspector = useRef<HTMLDivElement>(null);
  const thumbLimiter = useRef(pLimit(2));
  /** Where focus goes once the list has re-rendered (a selector; after a removal or an undo). */
  const focusAfterRender = useRef<string | null>(null);
  const uploads = useUploads();
  const { analyse: analyseMusic } = useMusicBeat(music, setMusic);
  const stickyPreview = useStickyHeight();

  useEffect(() => {
    slidesRef.current = slides;
  }, [slides]);
  useEffect(() => {
    themeRef.current = settings.theme;
  }, [settings.theme]);

  const { isLoaded, saveState, hasUnsavedChanges, saveNow } = useDraftAutosave({
    settings,
    slides,
    music,
    onRestore: (restored) => {
      setSettings(restored.settings);
      setSlides(restored.slides);
      setMusic(restored.music);
      setSelectedKey(restored.slides[0]?.key ?? null);
    },
    onLoadFailed: () =>
      setNotice({ kind: "status", text: "Your saved story could not be loaded. You can start a new one; it will be saved as you work." }),
  });

  const updateSlide = useCallback((key: string, patch: Partial<EditorSlide>) => {
    setSlides((current) => current.map((slide) => (slide.key === key ? { ...slide, ...patch } : slide)));
  }, []);

  const startPhotoUpload = useCallback(
    (key: string, file: File) =>
      uploads.start({
        key,
        file,
        contentType: file.type,
        isQueued: true,
        onChange: (upload: UploadState, asset?: UploadedAsset) =>
          updateSlide(key, asset ? { upload, assetId: asset.id, width: asset.width, height: asset.height } : { upload }),
      }),
    [updateSlide, uploads],
  );

  const addPhotos = useCallback(
    (picked: File[]) => {
      if (!picked.length) return;
      const room = Math.max(0, MAX_SLIDES - slidesRef.current.length);
      const taken = picked.slice(0, room);
      const left = picked.length - taken.length;
      setNotice(
        left > 0 ? { kind: "limit", text: `A video holds up to ${MAX_SLIDES} photos: ${left === 1 ? "1 file was" : `${left} files were`} not added.` } : null,
      );
      const added = taken.map((file) => {
        const problem = checkPhotoFile(file);
        const slide = newSlide(file.name, problem ? { status: "refused", reason: problem } : { status: "queued" }, themeCaptionStyle(themeRef.current));
        if (!problem) {
          thumbLimiter.current(() => makeThumbnails(file)).then((thumbs) => updateSlide(slide.key, thumbs ?? { hasNoThumb: true }));
        }
        return { slide, file: problem ? null : file };
      });
      setSlides((current) => [...current, ...added.map((a) => a.slide)]);
      setSelectedKey((current) => current ?? added.find((a) => a.file)?.slide.key ?? null);
      for (const { slide, file } of added) if (file) startPhotoUpload(slide.key, file);
    },
    [startPhotoUpload, updateSlide],
  );

  const pickMusic = useCallback(
    (file: File) => {
      setMusic((current) => {
        if (current) {
          uploads.cancel(current.key);
          if (current.url?.startsWith("blob:")) URL.revokeObjectURL(current.url);
        }
        return null;
      });
      const key = nextKey("music");
      const problem = checkAudioFile(file);
      setMusic({
        key,
        name: file.name,
        upload: problem ? { status: "refused", reason: problem } : { status: "queued" },
        url: problem ? undefined : URL.createObjectURL(file),
      });
      if (problem) return;
      analyseMusic(key, file);
      const update = (patch: Partial<EditorMusic>) => setMusic((current) => (current?.key === key ? { ...current, ...patch } : current));
      uploads.start({
        key,
        file,
        contentType: getAudioType(file) ?? file.type,
        isQueued: false,
        onChange: (upload, asset) => update(asset ? { upload, assetId: asset.id } : { upload }),
      });
    },
    [uploads, analyseMusic],
  );

  // Files dropped anywhere on the page: photos join the story, a song becomes the music.
  const isDragOver = useFileDrop((dropped) => {
    const songs = dropped.filter((file) => file.type.startsWith("audio/"));
    const others = dropped.filter((file) => !file.type.startsWith("audio/"));
    if (songs.length && !others.length) pickMusic(songs[0]);
    else addPhotos(dropped);
  });

  // After a removal (or its undo) focus goes to a photo of the list, never to the page.
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.querySelector<HTMLElement>(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [slides, notice]);

  function removeSlide(key: string) {
    uploads.cancel(key);
    const index = slides.findIndex((slide) => slide.key === key);
    const removed = slides[index];
    const rest = slides.filter((slide) => slide.key !== key);
    setSlides(rest);
    if (selectedKey === key) setSelectedKey(rest[Math.min(index, rest.length - 1)]?.key ?? null);
    // Only a photo that finished uploading can come back (its file is on the server).
    const canUndo = removed?.upload.status === "ready";
    setNotice(canUndo ? { kind: "removed", text: `Photo ${index + 1} removed.`, slide: removed, index } : { kind: "status", text: `Photo ${index + 1} removed.` });
    const next = rest[Math.min(index, rest.length - 1)];
    focusAfterRender.current = next ? `[data-slide-key="${next.key}"] [data-edit-button]` : canUndo ? "[data-undo-remove]" : "[data-add-photos] input";
  }

  function undoRemove() {
    if (notice?.kind !== "removed") return;
    const { slide, index } = notice;
    setSlides((current) => [...current.slice(0, index), slide, ...current.slice(index)]);
    setNotice({ kind: "status", text: `Photo ${index + 1} is back.` });
    focusAfterRender.current = `[data-slide-key="${slide.key}"] [data-edit-button]`;
  }

  function retrySlide(key: string) {
    uploads.retry(key);
  }

  /** A new file in place of a photo that could not be read: same place, caption and settings. */
  function replaceSlide(key: string, file: File) {
    uploads.cancel(key);
    const problem = checkPhotoFile(file);
    updateSlide(key, {
      name: file.name,
      unreadable: false,
      assetId: undefined,
      width: undefined,
      height: undefined,
      thumbUrl: undefined,
      previewUrl: undefined,
      isRemote: false,
      hasNoThumb: undefined,
      upload: problem ? { status: "refused", reason: problem } : { status: "queued" },
    });
    const index = slidesRef.current.findIndex((slide) => slide.key === key);
    setNotice({ kind: "status", text: `Photo ${index + 1} replaced by ${file.name}.` });
    if (problem) return;
    thumbLimiter.current(() => makeThumbnails(file)).then((thumbs) => updateSlide(key, thumbs ?? { hasNoThumb: true }));
    startPhotoUpload(key, file);
  }

  function retryMusic() {
    if (music) uploads.retry(music.key);
  }

  function removeMusic() {
    if (!music) return;
    uploads.cancel(music.key);
    if (music.url?.startsWith("blob:")) URL.revokeObjectURL(music.url);
    setMusic(null);
  }

  function selectSlide(key: string) {
    setSelectedKey(key);
    setSeekTarget((current) => ({ key, nonce: current.nonce + 1 }));
    // On a one-column screen the photo's settings are far below the list: bring them up, under
    // the preview, which stays stuck at the top (the scroll padding keeps them clear of it).
    if (window.matchMedia("(max-width: 1023px)").matches) {
      requestAnimationFrame(() => inspector.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
    }
  }

  function changeSelected(patch: Partial<EditorSlide>) {
    if (!selectedKey) return;
    updateSlide(selectedKey, patch);
    setSeekTarget((current) => ({ key: selectedKey, nonce: current.nonce + 1 }));
  }

  function applyToAll() {
    const source = slides.find((slide) => slide.key === selectedKey);
    if (!source) return;
    setSlides((current) =>
      current.map((slide) => ({ ...slide, captionStyle: { ...source.captionStyle }, durationMs: source.durationMs, kenBurns: source.kenBurns, kenBurnsDirection: source.kenBurnsDirection, fit: source.fit })),
    );
    setNotice({ kind: "status", text: `Caption style, length, zoom and fit of photo ${slides.indexOf(source) + 1} now apply to every photo.` });
  }

  function pickTheme(theme: ThemeId) {
    setSettings((current) => applyThemeToSettings(current, theme));
    setSlides((current) => applyThemeToSlides(current, theme));
    setSeekTarget((current) => ({ key: selectedKey, nonce: current.nonce + 1 }));
    setNotice({ kind: "status", text: `The ${THEMES[theme].name} look now applies to every photo, the title card and the transition.` });
  }

  function changeSettings(patch: Partial<EditorSettings>) {
    setSettings((current) => ({ ...current, ...patch }));
  }

  function resetStory() {
    uploads.cancelAll();
    setSlides([]);
    setMusic(null);
    setSettings(DEFAULT_SETTINGS);
    setSelectedKey(null);
    setIsConfirmingReset(false);
    setNotice({ kind: "status", text: "Started a new story." });
  }

  // The preview: recomputed only when something it shows changes (not on upload progress).
  const previewSpecJson = JSON.stringify(toPreviewSpec(settings, slides, music));
  const timeline = useMemo(() => computeTimeline(JSON.parse(previewSpecJson)), [previewSpecJson]);
  const photoKey = slides.map((slide) => `${slide.key}=${slide.previewUrl ?? ""}`).join("|");
  const photos = useMemo(() => {
    const map = new Map<string, PreviewPhoto>();
    for (const slide of slides) {
      if (slide.previewUrl) map.set(slide.key, { url: slide.previewUrl, isRemote: Boolean(slide.isRemote) });
    }
    return map;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- photoKey is the part of slides this depends on
  }, [photoKey]);
  const seek = useMemo(() => {
    const clip = timeline.clips.find((c) => c.kind === "photo" && c.assetId === seekTarget.key);
    if (!clip) return { frame: 0, nonce: seekTarget.nonce };
    const first = clip.startFrame + (clip.index > 0 ? timeline.transitionFrames : 0);
    const last = clip.endFrame - (clip.index < timeline.clips.length - 1 ? timeline.transitionFrames : 0);
    return { frame: Math.floor((first + last) / 2), nonce: seekTarget.nonce };
    // Only a new request moves the preview; the timeline is read as it is then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seekTarget]);

  const cutCaptions = useCaptionFit(slides, settings);
  const blocker = findBlocker(settings, slides, music, cutCaptions);
  const selectedIndex = slides.findIndex((slide) => slide.key === selectedKey);
  const selected = selectedIndex >= 0 ? slides[selectedIndex] : null;
  const inVideo = slides.filter(isInVideo).length;
  const readyCount = slides.filter((slide) => slide.upload.status === "ready").length;
  const uploadLines = summarizeUploads(slides, music, uploads.isOnline);
  useLeaveGuard(describeUnfinishedUploads(slides, music));

  async function order() {
    if (blocker || isSubmitting) return;
    setIsSubmitting(true);
    setSubmitError(null);
    try {
      await saveNow();
      const response = await fetch("/api/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify(toStorySpec(settings, slides, music)),
      });
      if (!response.ok) throw new Error(await readError(response));
      const { orderId } = (await response.json()) as { orderId: string };
      router.push(`/orders/${orderId}`);
    } catch (error: unknown) {
      setSubmitError(error instanceof Error ? error.message : "The order could not be placed. Please try again.");
      setIsSubmitting(false);
    }
  }

  if (!isLoaded) {
    return (
      <div className="space-y-4" aria-busy="true">
        <p className="sr-only" role="status">
          Loading your story…
        </p>
        <div className="h-8 w-48 animate-pulse rounded-lg bg-stone-200" />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
          <div className="aspect-video animate-pulse rounded-2xl bg-stone-200" />
          <div className="h-64 animate-pulse rounded-2xl bg-stone-200" />
        </div>
      </div>
    );
  }

  const addPhotosControl = (
    <AddPhotos isEmpty={slides.length === 0} isFull={slides.length >= MAX_SLIDES} onFiles={addPhotos} aspectClass={THUMB_ASPECT[settings.aspectRatio]} />
  );

  return (
    <div className="pb-28">
      {isDragOver && (
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-rose-900/30 p-6 backdrop-blur-[2px]">
          <div className="rounded-3xl border-4 border-dashed border-white bg-rose-700/90 px-10 py-8 text-center text-white shadow-2xl">
            <p className="text-2xl font-bold">Drop your photos</p>
            <p className="mt-1 text-rose-50">They join the end of your story. A song becomes its music.</p>
          </div>
        </div>
      )}

      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your story</h1>
          <p className="mt-1 text-sm text-stone-600" role="status" aria-live="polite" data-testid="save-status">
            {saveState === "error"
              ? "Not saved yet — check your connection; we keep trying"
              : saveState === "saving" || hasUnsavedChanges
                ? "Saving…"
                : saveState === "saved"
                  ? "All changes saved — come back any time on this browser"
                  : "Changes are saved as you work"}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {isConfirmingReset ? (
            <>
              <span className="text-sm text-stone-700">Remove all photos and settings?</span>
              <button type="button" className={buttonClass.secondary} onClick={() => setIsConfirmingReset(false)}>
                Keep
              </button>
              <button type="button" className={`${buttonClass.secondary} border-red-300 text-red-700`} onClick={resetStory}>
                Start over
              </button>
            </>
          ) : (
            (slides.length > 0 || music || settings.titleCard.enabled) && (
              <button type="button" className={buttonClass.quiet} onClick={() => setIsConfirmingReset(true)}>
                Start a new story
              </button>
            )
          )}
        </div>
      </div>

      <p className="sr-only" role="status" aria-live="polite">
        {notice?.text}
      </p>
      {notice?.kind === "limit" && (
        <p className="mb-4 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="limit-notice">
          {notice.text}
        </p>
      )}
      {notice?.kind === "removed" && (
        <div className="mb-4 flex items-center gap-3 rounded-xl border border-stone-200 bg-white px-4 py-2 text-sm text-stone-800 shadow-sm" data-testid="removed-notice">
          <span className="flex-1">{notice.text}</span>
          <button type="button" data-undo-remove className={buttonClass.secondary} onClick={undoRemove}>
            Undo
          </button>
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        {/* On a phone this column dissolves into the page's grid, so the preview can stay stuck at the
            top (smaller) while the photo's caption and settings are edited below it. */}
        <div className="flex min-w-0 flex-col gap-6 max-lg:contents">
          <section
            aria-label="Preview"
            ref={stickyPreview}
            className={`min-w-0 rounded-2xl border border-stone-200 bg-white p-3 shadow-sm sm:p-4 ${
              slides.length > 0 ? "max-lg:sticky max-lg:top-0 max-lg:z-30 max-lg:shadow-md max-lg:[&_canvas]:max-h-[24svh]" : ""
            }`}
          >
            <StoryPreview timeline={timeline} photos={photos} musicUrl={music?.url} seek={seek} />
          </section>

          <Panel
            // An empty story starts here, above the fold: the preview has nothing to show yet.
            className={`min-w-0 ${slides.length === 0 ? "order-first" : ""}`}
            title="Photos"
            action={
              <span className="text-sm tabular-nums text-stone-600" data-testid="photo-count">
                {slides.length} of {MAX_SLIDES}
              </span>
            }
          >
            <UploadNotice lines={uploadLines} />
            {slides.length === 0 ? (
              addPhotosControl
            ) : (
              <SlideList
                slides={slides}
                selectedKey={selectedKey}
                onSelect={selectSlide}
                onMove={(from, to) => setSlides((current) => arrayMove(current, from, to))}
                onRemove={removeSlide}
                onRetry={retrySlide}
                onReplace={replaceSlide}
                addTile={addPhotosControl}
                aspectRatio={settings.aspectRatio}
                cutCaptions={cutCaptions}
              />
            )}
          </Panel>
        </div>

        <div className="min-w-0 space-y-6">
          <div ref={inspector} className="scroll-mt-4">
            <SlideInspector
              slide={selected}
              number={selectedIndex + 1}
              total={slides.length}
              isCaptionCut={selected ? cutCaptions.has(selected.key) : false}
              aspectRatio={settings.aspectRatio}
              onChange={changeSelected}
              onApplyToAll={applyToAll}
            />
          </div>
          <ThemePicker value={settings.theme} onPick={pickTheme} />
          <TitleCardSettings
            card={settings.titleCard}
            hasPhotos={readyCount > 0}
            onChange={(patch) => {
              changeSettings({ titleCard: { ...settings.titleCard, ...patch } });
              setSeekTarget((current) => ({ key: null, nonce: current.nonce + 1 }));
            }}
          />
          <VideoSettings settings={settings} onChange={changeSettings} />
          <MusicSettings
            music={music}
            onPick={pickMusic}
            onRemove={removeMusic}
            onRetry={retryMusic}
            timing={
              music && (
                <MusicTimingSettings
                  music={music}
                  onChange={(patch) => setMusic((current) => (current?.key === music.key ? { ...current, ...patch } : current))}
                  photoLengthsMs={timeline.clips.filter((clip) => clip.kind === "photo").map((clip) => framesToMs(clip.frames, timeline.fps))}
                />
              )
            }
          />
          <Panel title="File name">
            <div>
              <label htmlFor={nameId} className="mb-1 block text-sm font-medium text-stone-800">
                Video name
              </label>
              <input
                id={nameId}
                dir="auto"
                value={settings.title}
                maxLength={MAX_TITLE_LENGTH}
                placeholder="e.g. Our summer"
                onChange={(event) => changeSettings({ title: event.target.value })}
                className={textInputClass}
              />
              <p className="mt-1 text-xs text-stone-600">Shown in My videos and used for the downloaded file.</p>
            </div>
          </Panel>
        </div>
      </div>

      {/* data-order-bar: globals.css keeps focused controls clear of this bar (scroll-padding). */}
      <div data-order-bar className="fixed inset-x-0 bottom-0 z-40 border-t border-stone-200 bg-white/95 shadow-[0_-4px_16px_rgba(0,0,0,0.06)] backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3">
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold text-stone-900">
              {inVideo === 1 ? "1 photo" : `${inVideo} photos`}
              {settings.titleCard.enabled ? " + title" : ""} · {formatTime(timeline.durationMs)}
              {music ? " · music" : ""}
            </p>
            <p className="line-clamp-2 text-sm leading-snug text-stone-700" id="order-blocker" data-testid="order-blocker">
              {submitError ? <span className="text-red-700">{submitError}</span> : (blocker ?? "Ready to make your video.")}
            </p>
          </div>
          <button
            type="button"
            onClick={order}
            disabled={Boolean(blocker) || isSubmitting}
            aria-describedby="order-blocker"
            className={`${buttonClass.primary} flex-none px-4 py-3 text-base sm:px-6`}
          >
            {isSubmitting ? "Ordering…" : "Make my video"}
          </button>
        </div>
      </div>
      <p className="mt-6 text-xs text-stone-600">
        Saved on our server for this browser. Photos still uploading when you leave are not kept: add them again.{" "}
        <Link href="/videos" className={`underline ${focusRing}`}>
          See my videos
        </Link>
      </p>
    </div>
  );
}

function AddPhotos(props: { isEmpty: boolean; isFull: boolean; onFiles: (files: File[]) => void; aspectClass: string }) {
  const input = useRef<HTMLInputElement>(null);
  const field = (
    <input
      ref={input}
      type="file"
      accept="image/jpeg,image/png,image/webp"
      multiple
      disabled={props.isFull}
      className="sr-only"
      onChange={(event) => {
        props.onFiles(Array.from(event.target.files ?? []));
        if (input.current) input.current.value = "";
      }}
    />
  );
  if (props.isEmpty) {
    return (
      <div data-add-photos className="flex flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed border-stone-300 bg-stone-50 px-6 py-12 text-center">
        <svg aria-hidden="true" viewBox="0 0 48 48" className="h-12 w-12 text-rose-700" fill="none" stroke="currentColor" strokeWidth="2.5">
          <rect x="6" y="10" width="36" height="28" rx="4" />
          <circle cx="17" cy="20" r="3.5" />
          <path d="M6 32l10-9 8 7 6-5 12 10" strokeLinejoin="round" />
        </svg>
        <p className="text-lg font-semibold text-stone-900">
          {/* Dropping needs a mouse (a fine pointer), whatever the screen's width. */}
          <span className="pointer-fine:hidden">Add the photos of your story</span>
          <span className="hidden pointer-fine:inline">Drop your photos anywhere on this page</span>
        </p>
        <p className="text-sm text-stone-600">JPEG, PNG or WebP, up to 25 MB each, up to {MAX_SLIDES} photos.</p>
        <label className={`${buttonClass.primary} cursor-pointer has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600 has-[:focus-visible]:ring-offset-2`}>
          Add photos
          {field}
        </label>
      </div>
    );
  }
  return (
    <label
      data-add-photos
      // The story's shape, like the thumbnails beside it.
      className={`flex ${props.aspectClass} h-auto w-full cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed border-stone-300 bg-stone-50 text-sm font-semibold text-stone-700 hover:border-rose-600 hover:text-rose-700 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600 has-[:focus-visible]:ring-offset-2`}
    >
      <span aria-hidden="true" className="text-2xl leading-none">
        +
      </span>
      Add photos
      <span className="hidden text-xs font-normal text-stone-600 pointer-fine:inline">or drop them here</span>
      {field}
    </label>
  );
}
