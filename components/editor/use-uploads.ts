"use client";

import pLimit from "p-limit";
import { useCallback, useRef } from "react";
import type { UploadState } from "./editor-model";
import { UploadError, uploadFile, type UploadedAsset } from "./upload-file";

// Every upload of the editor, photos and music alike, as one state machine:
// queued → uploading (progress) → ready, or failed (can be tried again) or
// refused (only removal helps). Each upload is cancelable by its key, and
// its file is kept until it is ready, so a retry needs nothing from the
// customer.

/** Uploads running at once through the queue; the rest wait their turn. */
const PARALLEL_UPLOADS = 4;

export type UploadJob = {
  /** The slide's or the music's key. */
  key: string;
  file: File;
  contentType: string;
  /** Called on every change of state; `asset` with "ready". */
  onChange: (upload: UploadState, asset?: UploadedAsset) => void;
  /** Wait for a free slot among PARALLEL_UPLOADS (photos); false starts at once (the music). */
  isQueued: boolean;
};

/** The state an upload that threw ends in: failed when trying again may help, refused otherwise. */
export function toFailedState(error: unknown): UploadState {
  const retryable = !(error instanceof UploadError) || error.retryable;
  const reason = error instanceof Error ? error.message : "The upload failed";
  return retryable ? { status: "failed", reason } : { status: "refused", reason };
}

export function useUploads() {
  const jobs = useRef(new Map<string, UploadJob>());
  const aborts = useRef(new Map<string, AbortController>());
  const limiter = useRef(pLimit(PARALLEL_UPLOADS));

  const start = useCallback((job: UploadJob) => {
    const controller = new AbortController();
    aborts.current.get(job.key)?.abort();
    aborts.current.set(job.key, controller);
    jobs.current.set(job.key, job);
    job.onChange({ status: "queued" });
    let lastShown = 0;
    const run = async () => {
      if (controller.signal.aborted) return;
      job.onChange({ status: "uploading", progress: 0 });
      try {
        const asset = await uploadFile({
          file: job.file,
          contentType: job.contentType,
          signal: controller.signal,
          onProgress: (progress) => {
            // A re-render per percent is plenty, even with 100 photos.
            if (progress < 1 && progress - lastShown < 0.01) return;
            lastShown = progress;
            job.onChange({ status: "uploading", progress });
          },
        });
        job.onChange({ status: "ready" }, asset);
        jobs.current.delete(job.key);
      } catch (error: unknown) {
        if (controller.signal.aborted) return;
        job.onChange(toFailedState(error));
      } finally {
        if (aborts.current.get(job.key) === controller) aborts.current.delete(job.key);
      }
    };
    if (job.isQueued) void limiter.current(run);
    else void run();
  }, []);

  /** Tries a failed upload again; false when its file is gone (nothing to retry). */
  const retry = useCallback(
    (key: string) => {
      const job = jobs.current.get(key);
      if (job) start(job);
      return Boolean(job);
    },
    [start],
  );

  /** Stops an upload and forgets its file. */
  const cancel = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    jobs.current.delete(key);
  }, []);

  const cancelAll = useCallback(() => {
    for (const controller of aborts.current.values()) controller.abort();
    aborts.current.clear();
    jobs.current.clear();
  }, []);

  return { start, retry, cancel, cancelAll };
}
