"use client";

import { arrayMove } from "@dnd-kit/sortable";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { DraftView } from "@/lib/contracts/draft";
import { MAX_SLIDES, MAX_TITLE_LENGTH } from "@/lib/contracts/story-spec";
import { computeTimeline } from "@/lib/timeline";
import { Panel, buttonClass, focusRing, textInputClass } from "./controls";
import { formatTime } from "./draw-frame";
import {
  DEFAULT_SETTINGS,
  findBlocker,
  fromDraft,
  isInVideo,
  newSlide,
  nextKey,
  toDraft,
  toPreviewSpec,
  toStorySpec,
  type EditorMusic,
  type EditorSettings,
  type EditorSlide,
} from "./editor-model";
import { createLimiter, makeThumbnails } from "./make-thumbnail";
import { SlideInspector } from "./slide-inspector";
import { SlideList } from "./slide-list";
import { StoryPreview, type PreviewPhoto } from "./story-preview";
import { MusicSettings, TitleCardSettings, VideoSettings } from "./story-settings";
import { UploadError, checkAudioFile, checkPhotoFile, getAudioType, readError, uploadFile } from "./upload-photo";

/** Uploads running at once; the rest wait their turn. */
const PARALLEL_UPLOADS = 4;
const SAVE_DELAY_MS = 600;
const SAVE_RETRY_MS = 5000;
/** A new visitor's untouched editor: nothing worth saving yet. */
const EMPTY_DRAFT_JSON = JSON.stringify(toDraft(DEFAULT_SETTINGS, [], null));

type SaveState = "idle" | "saving" | "saved" | "error";

export function StoryEditor() {
  const router = useRouter();
  const nameId = useId();
  const [isLoaded, setIsLoaded] = useState(false);
  const [settings, setSettings] = useState<EditorSettings>(DEFAULT_SETTINGS);
  const [slides, setSlides] = useState<EditorSlide[]>([]);
  const [music, setMusic] = useState<EditorMusic | null>(null);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [seekTarget, setSeekTarget] = useState({ key: null as string | null, nonce: 0 });
  const [saveState, setSaveState] = useState<SaveState>("idle");
  /** The draft as last stored on the server (JSON), to save only what changed. */
  const [savedJson, setSavedJson] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isDragOver, setIsDragOver] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [isConfirmingReset, setIsConfirmingReset] = useState(false);

  const slidesRef = useRef(slides);
  const inspector = useRef<HTMLDivElement>(null);
  const files = useRef(new Map<string, File>());
  const aborts = useRef(new Map<string, AbortController>());
  const uploadLimiter = useRef(createLimiter(PARALLEL_UPLOADS));
  const thumbLimiter = useRef(createLimiter(2));

  useEffect(() => {
    slidesRef.current = slides;
  }, [slides]);

  const updateSlide = useCallback((key: string, patch: Partial<EditorSlide>) => {
    setSlides((current) => current.map((slide) => (slide.key === key ? { ...slide, ...patch } : slide)));
  }, []);

  // Load the saved draft once; nothing is saved before it is in.
  useEffect(() => {
    let isCurrent = true;
    fetch("/api/draft", { cache: "no-store" })
      .then(async (response) => {
        if (!response.ok) throw new Error(await readError(response));
        return (await response.json()) as DraftView;
      })
      .then((view) => {
        if (!isCurrent) return;
        if (view.draft) {
          const restored = fromDraft(view.draft, view.urls);
          setSettings(restored.settings);
          setSlides(restored.slides);
          setMusic(restored.music);
          setSelectedKey(restored.slides[0]?.key ?? null);
          setSaveState("saved");
          setSavedJson(JSON.stringify(toDraft(restored.settings, restored.slides, restored.music)));
        }
        setIsLoaded(true);
      })
      .catch(() => {
        if (!isCurrent) return;
        setNotice("Your saved story could not be loaded. You can start a new one; it will be saved as you work.");
        setIsLoaded(true);
      });
    return () => {
      isCurrent = false;
    };
  }, []);

  // Save the draft as the customer works (debounced), and once more when the page is left.
  const draftJson = useMemo(() => JSON.stringify(toDraft(settings, slides, music)), [settings, slides, music]);
  const saveDraft = useCallback(async (json: string, keepalive = false) => {
    setSaveState("saving");
    try {
      const response = await fetch("/api/draft", { method: "PUT", headers: { "Content-Type": "application/json" }, body: json, keepalive });
      if (!response.ok) throw new Error(await readError(response));
      setSavedJson(json);
      setSaveState("saved");
    } catch {
      setSaveState("error");
    }
  }, []);
  useEffect(() => {
    if (!isLoaded || draftJson === savedJson || (savedJson === null && draftJson === EMPTY_DRAFT_JSON)) return;
    const timer = setTimeout(() => void saveDraft(draftJson), saveState === "error" ? SAVE_RETRY_MS : SAVE_DELAY_MS);
    const flush = () => void saveDraft(draftJson, true);
    window.addEventListener("pagehide", flush);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", flush);
    };
  }, [draftJson, isLoaded, saveDraft, savedJson, saveState]);

  // Uploads: at most PARALLEL_UPLOADS at once, each cancelable, each retryable.
  const startUpload = useCallback(
    (key: string, file: File) => {
      const controller = new AbortController();
      aborts.current.get(key)?.abort();
      aborts.current.set(key, controller);
      updateSlide(key, { upload: { status: "queued" } });
      let lastShown = 0;
      uploadLimiter.current(async () => {
        if (controller.signal.aborted) return;
        updateSlide(key, { upload: { status: "uploading", progress: 0 } });
        try {
          const asset = await uploadFile({
            file,
            contentType: file.type,
            signal: controller.signal,
            onProgress: (progress) => {
              // A re-render per percent is plenty, even with 100 photos.
              if (progress < 1 && progress - lastShown < 0.01) return;
              lastShown = progress;
              updateSlide(key, { upload: { status: "uploading", progress } });
            },
          });
          updateSlide(key, { upload: { status: "ready" }, assetId: asset.id, width: asset.width, height: asset.height });
          files.current.delete(key);
        } catch (error: unknown) {
          if (controller.signal.aborted) return;
          const retryable = !(error instanceof UploadError) || error.retryable;
          const reason = error instanceof Error ? error.message : "The upload failed";
          updateSlide(key, { upload: retryable ? { status: "failed", reason } : { status: "refused", reason } });
        } finally {
          if (aborts.current.get(key) === controller) aborts.current.delete(key);
        }
      });
    },
    [updateSlide],
  );

  const addPhotos = useCallback(
    (picked: File[]) => {
      if (!picked.length) return;
      const room = Math.max(0, MAX_SLIDES - slidesRef.current.length);
      const taken = picked.slice(0, room);
      const left = picked.length - taken.length;
      setNotice(left > 0 ? `A video holds up to ${MAX_SLIDES} photos: ${left === 1 ? "1 file was" : `${left} files were`} not added.` : null);
      const added = taken.map((file) => {
        const problem = checkPhotoFile(file);
        const slide = newSlide(file.name, problem ? { status: "refused", reason: problem } : { status: "queued" });
        if (!problem) {
          files.current.set(slide.key, file);
          thumbLimiter.current(() => makeThumbnails(file)).then((thumbs) => updateSlide(slide.key, thumbs ?? { hasNoThumb: true }));
        }
        return { slide, file: problem ? null : file };
      });
      setSlides((current) => [...current, ...added.map((a) => a.slide)]);
      setSelectedKey((current) => current ?? added.find((a) => a.file)?.slide.key ?? null);
      for (const { slide, file } of added) if (file) startUpload(slide.key, file);
    },
    [startUpload, updateSlide],
  );

  const startMusicUpload = useCallback((key: string, file: File) => {
    const controller = new AbortController();
    aborts.current.get(key)?.abort();
    aborts.current.set(key, controller);
    const update = (patch: Partial<EditorMusic>) => setMusic((current) => (current?.key === key ? { ...current, ...patch } : current));
    update({ upload: { status: "uploading", progress: 0 } });
    uploadFile({
      file,
      contentType: getAudioType(file) ?? file.type,
      signal: controller.signal,
      onProgress: (progress) => update({ upload: { status: "uploading", progress } }),
    })
      .then((asset) => {
        update({ upload: { status: "ready" }, assetId: asset.id });
        files.current.delete(key);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const retryable = !(error instanceof UploadError) || error.retryable;
        const reason = error instanceof Error ? error.message : "The upload failed";
        update({ upload: retryable ? { status: "failed", reason } : { status: "refused", reason } });
      });
  }, []);

  const pickMusic = useCallback(
    (file: File) => {
      setMusic((current) => {
        if (current) {
          aborts.current.get(current.key)?.abort();
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
      if (!problem) {
        files.current.set(key, file);
        startMusicUpload(key, file);
      }
    },
    [startMusicUpload],
  );

  // Files dropped anywhere on the page: photos join the story, a song becomes the music.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes("Files");
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth += 1;
      setIsDragOver(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setIsDragOver(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setIsDragOver(false);
      const dropped = Array.from(event.dataTransfer?.files ?? []);
      const songs = dropped.filter((file) => file.type.startsWith("audio/"));
      const others = dropped.filter((file) => !file.type.startsWith("audio/"));
      if (songs.length && !others.length) pickMusic(songs[0]);
      else addPhotos(dropped);
    };
    window.addEventListener("dragenter", onEnter);
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragenter", onEnter);
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, [addPhotos, pickMusic]);

  function removeSlide(key: string) {
    aborts.current.get(key)?.abort();
    files.current.delete(key);
    const index = slides.findIndex((slide) => slide.key === key);
    const rest = slides.filter((slide) => slide.key !== key);
    setSlides(rest);
    if (selectedKey === key) setSelectedKey(rest[Math.min(index, rest.length - 1)]?.key ?? null);
    setNotice(`Photo ${index + 1} removed.`);
  }

  function retrySlide(key: string) {
    const file = files.current.get(key);
    if (file) startUpload(key, file);
  }

  function retryMusic() {
    const file = music && files.current.get(music.key);
    if (music && file) startMusicUpload(music.key, file);
  }

  function removeMusic() {
    if (!music) return;
    aborts.current.get(music.key)?.abort();
    files.current.delete(music.key);
    if (music.url?.startsWith("blob:")) URL.revokeObjectURL(music.url);
    setMusic(null);
  }

  function selectSlide(key: string) {
    setSelectedKey(key);
    setSeekTarget((current) => ({ key, nonce: current.nonce + 1 }));
    // On a one-column screen the photo's settings are far below the list: bring them up.
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
      current.map((slide) => ({ ...slide, captionStyle: { ...source.captionStyle }, durationMs: source.durationMs, kenBurns: source.kenBurns, fit: source.fit })),
    );
    setNotice(`Caption style, length, zoom and fit of photo ${slides.indexOf(source) + 1} now apply to every photo.`);
  }

  function changeSettings(patch: Partial<EditorSettings>) {
    setSettings((current) => ({ ...current, ...patch }));
  }

  function resetStory() {
    for (const controller of aborts.current.values()) controller.abort();
    aborts.current.clear();
    files.current.clear();
    setSlides([]);
    setMusic(null);
    setSettings(DEFAULT_SETTINGS);
    setSelectedKey(null);
    setIsConfirmingReset(false);
    setNotice("Started a new story.");
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

  const blocker = findBlocker(settings, slides, music);
  const selectedIndex = slides.findIndex((slide) => slide.key === selectedKey);
  const selected = selectedIndex >= 0 ? slides[selectedIndex] : null;
  const inVideo = slides.filter(isInVideo).length;
  const readyCount = slides.filter((slide) => slide.upload.status === "ready").length;

  async function order() {
    if (blocker || isSubmitting) return;
    setIsSubmitting(true);
    setSubmitError(null);
    try {
      if (draftJson !== savedJson) await saveDraft(draftJson);
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
    <AddPhotos isEmpty={slides.length === 0} isFull={slides.length >= MAX_SLIDES} onFiles={addPhotos} />
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
              : saveState === "saving" || draftJson !== (savedJson ?? EMPTY_DRAFT_JSON)
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
        {notice}
      </p>
      {notice && notice.startsWith("A video holds") && (
        <p className="mb-4 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="limit-notice">
          {notice}
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="flex min-w-0 flex-col gap-6">
          <section aria-label="Preview" className="rounded-2xl border border-stone-200 bg-white p-3 shadow-sm sm:p-4">
            <StoryPreview timeline={timeline} photos={photos} musicUrl={music?.url} seek={seek} />
          </section>

          <Panel
            className={slides.length === 0 ? "order-first lg:order-none" : undefined}
            title="Photos"
            action={
              <span className="text-sm tabular-nums text-stone-600" data-testid="photo-count">
                {slides.length} of {MAX_SLIDES}
              </span>
            }
          >
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
                addTile={addPhotosControl}
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
              onChange={changeSelected}
              onApplyToAll={applyToAll}
            />
          </div>
          <TitleCardSettings
            card={settings.titleCard}
            hasPhotos={readyCount > 0}
            onChange={(patch) => {
              changeSettings({ titleCard: { ...settings.titleCard, ...patch } });
              setSeekTarget((current) => ({ key: null, nonce: current.nonce + 1 }));
            }}
          />
          <VideoSettings settings={settings} onChange={changeSettings} />
          <MusicSettings music={music} onPick={pickMusic} onRemove={removeMusic} onRetry={retryMusic} />
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

      <div className="fixed inset-x-0 bottom-0 z-40 border-t border-stone-200 bg-white/95 shadow-[0_-4px_16px_rgba(0,0,0,0.06)] backdrop-blur">
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

function AddPhotos(props: { isEmpty: boolean; isFull: boolean; onFiles: (files: File[]) => void }) {
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
      <div className="flex flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed border-stone-300 bg-stone-50 px-6 py-12 text-center">
        <svg aria-hidden="true" viewBox="0 0 48 48" className="h-12 w-12 text-rose-700" fill="none" stroke="currentColor" strokeWidth="2.5">
          <rect x="6" y="10" width="36" height="28" rx="4" />
          <circle cx="17" cy="20" r="3.5" />
          <path d="M6 32l10-9 8 7 6-5 12 10" strokeLinejoin="round" />
        </svg>
        <p className="text-lg font-semibold text-stone-900">
          <span className="sm:hidden">Add the photos of your story</span>
          <span className="hidden sm:inline">Drop your photos anywhere on this page</span>
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
      className={`flex aspect-[4/3] h-auto w-full cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed border-stone-300 bg-stone-50 text-sm font-semibold text-stone-700 hover:border-rose-600 hover:text-rose-700 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-rose-600 has-[:focus-visible]:ring-offset-2`}
    >
      <span aria-hidden="true" className="text-2xl leading-none">
        +
      </span>
      Add photos
      <span className="text-xs font-normal text-stone-600">or drop them here</span>
      {field}
    </label>
  );
}
