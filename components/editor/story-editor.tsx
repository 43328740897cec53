"use client";

import { arrayMove } from "@dnd-kit/sortable";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { MAX_SLIDES } from "@/lib/contracts/story-spec";
import type { ThemeId } from "@/lib/contracts/draft";
import { framesToMs } from "@/lib/timeline";
import { AddPhotos, DropOverlay } from "./add-photos";
import { Panel, focusRing } from "./controls";
import { formatTime } from "./draw-frame";
import { EditorHeader, EditorSkeleton } from "./editor-header";
import { DEFAULT_SETTINGS, findBlocker, isInVideo, toStorySpec, type EditorMusic, type EditorSettings, type EditorSlide } from "./editor-model";
import { EditorNotice, type Notice } from "./editor-notice";
import { ThemePicker } from "./look-pickers";
import { MusicTimingSettings } from "./music-timing-settings";
import { OrderBar } from "./order-bar";
import { SlideInspector } from "./slide-inspector";
import { SlideList, THUMB_ASPECT } from "./slide-list";
import { StoryPreview } from "./story-preview";
import { FileNameSettings, MusicSettings, TitleCardSettings, VideoSettings } from "./story-settings";
import { THEMES, applyThemeToSettings, applyThemeToSlides } from "./themes";
import { UploadNotice } from "./upload-notice";
import { describeUnfinishedUploads, summarizeUploads } from "./upload-summary";
import { useCaptionFit } from "./use-caption-fit";
import { useDraftAutosave } from "./use-draft-autosave";
import { useFileDrop } from "./use-file-drop";
import { useLeaveGuard } from "./use-leave-guard";
import { useMusicBeat } from "./use-music-beat";
import { usePreview, type SeekTarget } from "./use-preview";
import { useSlideRemoval } from "./use-slide-removal";
import { useStickyHeight } from "./use-sticky-height";
import { useStoryFiles } from "./use-story-files";
import { useUploads } from "./use-uploads";

// The story editor's layout and the state it shares between its parts. The
// parts with a life of their own are hooks: the draft saved as the customer
// works (use-draft-autosave), the story's files (use-story-files, on
// use-uploads, summed up by upload-summary), removing a photo with its undo
// (use-slide-removal), asking before leaving while uploads run
// (use-leave-guard), files dropped on the page (use-file-drop), the song's
// beat (use-music-beat), what the preview plays (use-preview) and which
// captions would be cut (use-caption-fit). The heading, the notices and the
// order bar are components of their own.

export function StoryEditor() {
  const [settings, setSettings] = useState<EditorSettings>(DEFAULT_SETTINGS);
  const [slides, setSlides] = useState<EditorSlide[]>([]);
  const [music, setMusic] = useState<EditorMusic | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [seekTarget, setSeekTarget] = useState<SeekTarget>({ key: null, nonce: 0 });
  const [notice, setNotice] = useState<Notice | null>(null);

  const slidesRef = useRef(slides);
  /** The look new photos take their caption style from. */
  const themeRef = useRef(settings.theme);
  const inspector = useRef<HTMLDivElement>(null);
  const uploads = useUploads();
  const { analyse: analyseMusic } = useMusicBeat(music, setMusic);
  const stickyPreview = useStickyHeight();
  const { removeSlide, undoRemove } = useSlideRemoval({ slides, setSlides, selectedKey, setSelectedKey, notice, setNotice, cancelUpload: uploads.cancel });
  const { updateSlide, addPhotos, replaceSlide, retrySlide, pickMusic, retryMusic, removeMusic } = useStoryFiles({
    slidesRef,
    setSlides,
    setSelectedKey,
    music,
    setMusic,
    setNotice,
    themeRef,
    uploads,
    analyseMusic,
  });

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

  // Files dropped anywhere on the page: photos join the story, a song becomes the music.
  const isDragOver = useFileDrop((dropped) => {
    const songs = dropped.filter((file) => file.type.startsWith("audio/"));
    const others = dropped.filter((file) => !file.type.startsWith("audio/"));
    if (songs.length && !others.length) pickMusic(songs[0]);
    else addPhotos(dropped);
  });

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
    setNotice({ kind: "status", text: "Started a new story." });
  }

  const { timeline, photos, seek } = usePreview(settings, slides, music, seekTarget);

  const cutCaptions = useCaptionFit(slides, settings);
  const blocker = findBlocker(settings, slides, music, cutCaptions);
  const selectedIndex = slides.findIndex((slide) => slide.key === selectedKey);
  const selected = selectedIndex >= 0 ? slides[selectedIndex] : null;
  const inVideo = slides.filter(isInVideo).length;
  const readyCount = slides.filter((slide) => slide.upload.status === "ready").length;
  const uploadLines = summarizeUploads(slides, music, uploads.isOnline);
  useLeaveGuard(describeUnfinishedUploads(slides, music));

  if (!isLoaded) return <EditorSkeleton />;

  const addPhotosControl = (
    <AddPhotos isEmpty={slides.length === 0} isFull={slides.length >= MAX_SLIDES} onFiles={addPhotos} aspectClass={THUMB_ASPECT[settings.aspectRatio]} />
  );

  return (
    <div className="pb-28">
      {isDragOver && <DropOverlay />}
      <EditorHeader
        saveState={saveState}
        hasUnsavedChanges={hasUnsavedChanges}
        canReset={slides.length > 0 || Boolean(music) || settings.titleCard.enabled}
        onReset={resetStory}
      />
      <EditorNotice notice={notice} onUndo={undoRemove} />

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
          <FileNameSettings title={settings.title} onChange={(title) => changeSettings({ title })} />
        </div>
      </div>

      <OrderBar
        summary={`${inVideo === 1 ? "1 photo" : `${inVideo} photos`}${settings.titleCard.enabled ? " + title" : ""} · ${formatTime(timeline.durationMs)}${music ? " · music" : ""}`}
        blocker={blocker}
        onOrder={() => toStorySpec(settings, slides, music)}
        beforeOrder={saveNow}
      />
      <p className="mt-6 text-xs text-stone-600">
        Saved on our server for this browser. Photos still uploading when you leave are not kept: add them again.{" "}
        <Link href="/videos" className={`underline ${focusRing}`}>
          See my videos
        </Link>
      </p>
    </div>
  );
}
