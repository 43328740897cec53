"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { DEFAULT_SLIDE_MS, MAX_CAPTION_LENGTH, MAX_SLIDES, type AspectRatio, type Resolution, type StorySpecInput, type Transition } from "@/lib/contracts/story-spec";
import { computeTimeline } from "@/lib/timeline";
import { checkPhotoFile, readError, uploadPhoto } from "./upload-photo";

type SlideDraft = {
  key: string;
  name: string;
  previewUrl: string;
  status: "uploading" | "ready" | "error";
  progress: number;
  assetId?: string;
  error?: string;
  caption: string;
  durationMs: number;
};

let nextKey = 0;

function formatSeconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function StoryEditor() {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [slides, setSlides] = useState<SlideDraft[]>([]);
  const [title, setTitle] = useState("");
  const [aspectRatio, setAspectRatio] = useState<AspectRatio>("16:9");
  const [resolution, setResolution] = useState<Resolution>("720p");
  const [transition, setTransition] = useState<Transition>("crossfade");
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  const update = (key: string, patch: Partial<SlideDraft>) =>
    setSlides((current) => current.map((slide) => (slide.key === key ? { ...slide, ...patch } : slide)));

  function addFiles(files: FileList | null) {
    if (!files) return;
    const room = MAX_SLIDES - slides.length;
    const added: SlideDraft[] = Array.from(files)
      .slice(0, Math.max(0, room))
      .map((file) => {
        const problem = checkPhotoFile(file);
        const draft: SlideDraft = {
          key: `slide-${nextKey++}`,
          name: file.name,
          previewUrl: URL.createObjectURL(file),
          status: problem ? "error" : "uploading",
          progress: 0,
          error: problem ?? undefined,
          caption: "",
          durationMs: DEFAULT_SLIDE_MS,
        };
        if (!problem) {
          uploadPhoto(file, (progress) => update(draft.key, { progress }))
            .then((asset) => update(draft.key, { status: "ready", progress: 1, assetId: asset.id }))
            .catch((error: unknown) => update(draft.key, { status: "error", error: (error as Error).message }));
        }
        return draft;
      });
    setSlides((current) => [...current, ...added]);
    if (fileInput.current) fileInput.current.value = "";
  }

  function move(index: number, delta: number) {
    setSlides((current) => {
      const target = index + delta;
      if (target < 0 || target >= current.length) return current;
      const next = [...current];
      [next[index], next[target]] = [next[target], next[index]];
      return next;
    });
  }

  function remove(key: string) {
    setSlides((current) => current.filter((slide) => slide.key !== key));
  }

  const usable = slides.filter((slide) => slide.status !== "error");
  const isUploading = usable.some((slide) => slide.status === "uploading");
  const blocker =
    usable.length === 0
      ? "Add at least one photo to make a video."
      : isUploading
        ? "Wait for every photo to finish uploading."
        : slides.some((slide) => slide.status === "error")
          ? "Remove the photos that could not be used."
          : null;
  const totalMs = usable.length
    ? computeTimeline({ slides: usable.map((s) => ({ assetId: s.key, durationMs: s.durationMs })), transition, aspectRatio, resolution }).durationMs
    : 0;

  async function submit() {
    if (blocker) return;
    setIsSubmitting(true);
    setSubmitError(null);
    const spec: StorySpecInput = {
      title: title.trim() || undefined,
      aspectRatio,
      resolution,
      transition,
      slides: usable.map((slide) => ({ assetId: slide.assetId!, caption: slide.caption.trim() || undefined, durationMs: slide.durationMs })),
    };
    try {
      const response = await fetch("/api/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify(spec),
      });
      if (!response.ok) throw new Error(await readError(response));
      const { orderId } = (await response.json()) as { orderId: string };
      router.push(`/orders/${orderId}`);
    } catch (error: unknown) {
      setSubmitError((error as Error).message);
      setIsSubmitting(false);
    }
  }

  return (
    <div className="space-y-6">
      <section className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
        <h2 className="mb-3 text-lg font-semibold">1. Your photos</h2>
        <label className="inline-flex cursor-pointer items-center rounded-lg bg-rose-700 px-4 py-2 font-semibold text-white focus-within:ring-4 focus-within:ring-rose-300 hover:bg-rose-800">
          Add photos
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            className="sr-only"
            onChange={(event) => addFiles(event.target.files)}
          />
        </label>
        <p className="mt-2 text-sm text-stone-600">JPEG, PNG or WebP, up to 25 MB each, up to {MAX_SLIDES} photos.</p>

        <ol className="mt-4 space-y-3" aria-label="Slides">
          {slides.map((slide, index) => (
            <li key={slide.key} className="flex flex-col gap-3 rounded-lg border border-stone-200 p-3 sm:flex-row" aria-label={`Photo ${index + 1}: ${slide.name}`}>
              {/* eslint-disable-next-line @next/next/no-img-element -- a local blob: preview, not a remote image */}
              <img src={slide.previewUrl} alt="" width={160} height={90} className="h-[90px] w-[160px] flex-none rounded object-cover" />
              <div className="flex-1 space-y-2">
                <div className="flex items-center justify-between gap-2 text-sm">
                  <span className="truncate font-medium">{index + 1}. {slide.name}</span>
                  <span className={slide.status === "error" ? "text-red-700" : "text-stone-600"}>
                    {slide.status === "uploading" ? `Uploading ${Math.round(slide.progress * 100)}%` : slide.status === "ready" ? "Ready" : "Not usable"}
                  </span>
                </div>
                {slide.status === "uploading" && (
                  <progress className="h-2 w-full" max={1} value={slide.progress} aria-label={`Upload of ${slide.name}`} />
                )}
                {slide.error && <p role="alert" className="text-sm text-red-700">{slide.error}</p>}
                <label className="block text-sm">
                  <span className="sr-only">Caption for photo {index + 1}</span>
                  <textarea
                    rows={2}
                    maxLength={MAX_CAPTION_LENGTH}
                    value={slide.caption}
                    placeholder="Write a caption (optional)"
                    aria-label={`Caption for photo ${index + 1}`}
                    onChange={(event) => update(slide.key, { caption: event.target.value })}
                    className="w-full rounded border border-stone-300 p-2"
                  />
                </label>
              </div>
              <div className="flex flex-row gap-2 sm:flex-col">
                <button type="button" className="rounded border border-stone-300 px-2 py-1 text-sm disabled:opacity-40" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move photo ${index + 1} up`}>
                  ↑ Up
                </button>
                <button type="button" className="rounded border border-stone-300 px-2 py-1 text-sm disabled:opacity-40" onClick={() => move(index, 1)} disabled={index === slides.length - 1} aria-label={`Move photo ${index + 1} down`}>
                  ↓ Down
                </button>
                <button type="button" className="rounded border border-stone-300 px-2 py-1 text-sm text-red-700" onClick={() => remove(slide.key)} aria-label={`Remove photo ${index + 1}`}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="grid gap-4 rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:grid-cols-2">
        <h2 className="text-lg font-semibold sm:col-span-2">2. The video</h2>
        <div className="sm:col-span-2">
          <label htmlFor={titleId} className="block text-sm font-medium">Title (used as the file name)</label>
          <input id={titleId} value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} className="mt-1 w-full rounded border border-stone-300 p-2" />
        </div>
        <label className="text-sm font-medium">
          Shape
          <select value={aspectRatio} onChange={(e) => setAspectRatio(e.target.value as AspectRatio)} className="mt-1 block w-full rounded border border-stone-300 p-2">
            <option value="16:9">Landscape 16:9</option>
            <option value="9:16">Portrait 9:16</option>
            <option value="1:1">Square 1:1</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Quality
          <select value={resolution} onChange={(e) => setResolution(e.target.value as Resolution)} className="mt-1 block w-full rounded border border-stone-300 p-2">
            <option value="720p">720p</option>
            <option value="1080p">1080p</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Transition
          <select value={transition} onChange={(e) => setTransition(e.target.value as Transition)} className="mt-1 block w-full rounded border border-stone-300 p-2">
            <option value="crossfade">Crossfade</option>
            <option value="none">None</option>
          </select>
        </label>
        <p className="self-end text-sm text-stone-600">
          Length: <span data-testid="total-length">{formatSeconds(totalMs)}</span>
        </p>
      </section>

      <div className="space-y-2">
        <button
          type="button"
          onClick={submit}
          disabled={Boolean(blocker) || isSubmitting}
          className="rounded-lg bg-rose-700 px-6 py-3 text-lg font-semibold text-white hover:bg-rose-800 focus:ring-4 focus:ring-rose-300 disabled:cursor-not-allowed disabled:bg-stone-400"
        >
          {isSubmitting ? "Ordering…" : "Make my video"}
        </button>
        {blocker && <p className="text-sm text-stone-600">{blocker}</p>}
        {submitError && <p role="alert" className="text-sm text-red-700">{submitError}</p>}
      </div>
    </div>
  );
}
