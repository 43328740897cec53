"use client";

import pLimit from "p-limit";
import { useCallback, useRef, type Dispatch, type MutableRefObject, type SetStateAction } from "react";
import { MAX_SLIDES } from "@/lib/contracts/story-spec";
import type { ThemeId } from "@/lib/contracts/draft";
import { newSlide, nextKey, type EditorMusic, type EditorSlide, type UploadState } from "./editor-model";
import type { Notice } from "./editor-notice";
import { makeThumbnails } from "./make-thumbnail";
import { themeCaptionStyle } from "./themes";
import { checkAudioFile, checkPhotoFile, getAudioType, type UploadedAsset } from "./upload-file";
import type { Uploads } from "./use-uploads";

// The files of a story: photos added (at most MAX_SLIDES, each checked,
// thumbnailed two at a time and uploaded), a photo replaced in place, and
// the song picked, retried or removed. The uploads themselves are
// use-uploads'; this hook ties each to its slide or to the music.

export function useStoryFiles(input: {
  slidesRef: MutableRefObject<EditorSlide[]>;
  setSlides: Dispatch<SetStateAction<EditorSlide[]>>;
  setSelectedKey: Dispatch<SetStateAction<string | null>>;
  music: EditorMusic | null;
  setMusic: Dispatch<SetStateAction<EditorMusic | null>>;
  setNotice: (notice: Notice | null) => void;
  /** The look new photos take their caption style from. */
  themeRef: MutableRefObject<ThemeId | undefined>;
  uploads: Uploads;
  /** Finds the song's beat (use-music-beat). */
  analyseMusic: (key: string, file: File) => void;
}) {
  const { slidesRef, setSlides, setSelectedKey, music, setMusic, setNotice, themeRef, uploads, analyseMusic } = input;
  const thumbLimiter = useRef(pLimit(2));

  const updateSlide = useCallback((key: string, patch: Partial<EditorSlide>) => {
    setSlides((current) => current.map((slide) => (slide.key === key ? { ...slide, ...patch } : slide)));
  }, [setSlides]);

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
    [startPhotoUpload, updateSlide, setNotice, setSelectedKey, setSlides, slidesRef, themeRef],
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
    [uploads, analyseMusic, setMusic],
  );

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

  return { updateSlide, addPhotos, replaceSlide, retrySlide, pickMusic, retryMusic, removeMusic };
}
