import pLimit from "p-limit";
import type { UploadState } from "./editor-model";
import type { UploadedAsset } from "./upload-file";
import { UploadError } from "./upload-file";

// Every upload of the editor, photos and music alike, as one state machine:
// queued → uploading (progress) → ready; or refused (the server or a check
// said no: only removal helps); or failed (network, busy server), which is
// tried again by itself — after a capped exponential backoff while the
// browser is online, at once when it comes back online — and whenever the
// customer presses Retry. Each upload is cancelable by its key, and its file
// is kept until it is ready, so a retry needs nothing from the customer.
// Plain TypeScript (use-uploads wires it to React and the window's events),
// so its timing can be tested with fake timers.

/** Uploads running at once through the queue; the rest wait their turn. */
export const PARALLEL_UPLOADS = 4;
/**
 * Automatic tries after failures while online (≈ 2 minutes of backoff in
 * all); then the upload waits for Retry or for the connection to come back.
 * Failures while offline do not count: those wait for the `online` event.
 */
export const MAX_AUTO_RETRIES = 8;
/** Backoff before the first automatic try, doubled each time up to MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 30_000;
/** The reason shown for an upload that has not been tried because the browser is offline. */
export const OFFLINE_REASON = "You are offline.";

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

/** Sends one file (upload-file's uploadFile in the browser). */
export type SendFile = (input: { file: File; contentType: string; signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<UploadedAsset>;

/**
 * The wait before automatic try number `attempt` (1, 2, …): doubling from
 * FIRST_RETRY_DELAY_MS, capped at MAX_RETRY_DELAY_MS, with ±25% jitter so
 * that 100 photos cut by the same blip do not all come back at once.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.min(MAX_RETRY_DELAY_MS, Math.round(base * (0.75 + 0.5 * random())));
}

/** Whether trying the same file again may help (network, busy server), as opposed to a refusal. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof UploadError) || error.retryable;
}

type Entry = {
  job: UploadJob;
  /** Automatic tries since the last start, Retry or return of the connection. */
  attempt: number;
  /** Set while the upload is queued or running. */
  controller?: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  reason?: string;
};

export type UploadQueue = ReturnType<typeof createUploadQueue>;

export function createUploadQueue(options: {
  send: SendFile;
  /** Whether the browser thinks it is online (navigator.onLine). */
  isOnline: () => boolean;
  /** Jitter source for the backoff (Math.random). */
  random?: () => number;
}) {
  /** Uploads not yet ready or refused: queued, running, or failed and waiting for their next try. */
  const entries = new Map<string, Entry>();
  const limiter = pLimit(PARALLEL_UPLOADS);
  const now = () => Date.now();

  function waitForConnection(entry: Entry, reason: string) {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.reason = reason;
    entry.job.onChange({ status: "failed", reason, retry: { kind: "connection" } });
  }

  function fail(entry: Entry, error: unknown) {
    const { job } = entry;
    const reason = error instanceof Error ? error.message : "The upload failed";
    if (!isRetryable(error)) {
      // Refused: the same bytes would be refused again; the file is let go.
      entries.delete(job.key);
      job.onChange({ status: "refused", reason });
      return;
    }
    entry.reason = reason;
    if (!options.isOnline()) return waitForConnection(entry, reason);
    entry.attempt += 1;
    if (entry.attempt > MAX_AUTO_RETRIES) {
      job.onChange({ status: "failed", reason });
      return;
    }
    const delay = retryDelayMs(entry.attempt, options.random);
    entry.timer = setTimeout(() => entries.get(job.key) === entry && launch(entry), delay);
    job.onChange({ status: "failed", reason, retry: { kind: "timer", at: now() + delay } });
  }

  function launch(entry: Entry) {
    const { job } = entry;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.controller?.abort();
    const controller = new AbortController();
    entry.controller = controller;
    const isCurrent = () => !controller.signal.aborted && entries.get(job.key) === entry;
    job.onChange({ status: "queued" });
    let lastShown = 0;
    const attempt = async () => {
      if (!isCurrent()) return;
      if (!options.isOnline()) {
        // Trying now would only fail: wait for the connection with the slot free for others.
        entry.controller = undefined;
        return waitForConnection(entry, entry.reason ?? OFFLINE_REASON);
      }
      job.onChange({ status: "uploading", progress: 0 });
      try {
        const asset = await options.send({
          file: job.file,
          contentType: job.contentType,
          signal: controller.signal,
          onProgress: (progress) => {
            // A re-render per percent is plenty, even with 100 photos.
            if (!isCurrent() || (progress < 1 && progress - lastShown < 0.01)) return;
            lastShown = progress;
            job.onChange({ status: "uploading", progress });
          },
        });
        if (!isCurrent()) return;
        entries.delete(job.key);
        job.onChange({ status: "ready" }, asset);
      } catch (error: unknown) {
        if (!isCurrent()) return;
        entry.controller = undefined;
        fail(entry, error);
      }
    };
    if (job.isQueued) void limiter(attempt);
    else void attempt();
  }

  function start(job: UploadJob) {
    const previous = entries.get(job.key);
    previous?.controller?.abort();
    clearTimeout(previous?.timer);
    const entry: Entry = { job, attempt: 0 };
    entries.set(job.key, entry);
    launch(entry);
  }

  /** Tries a failed upload again now; false when its file is gone (nothing to retry). */
  function retry(key: string): boolean {
    const entry = entries.get(key);
    if (!entry) return false;
    entry.attempt = 0;
    launch(entry);
    return true;
  }

  /** Stops an upload and forgets its file. */
  function cancel(key: string) {
    const entry = entries.get(key);
    entries.delete(key);
    entry?.controller?.abort();
    clearTimeout(entry?.timer);
  }

  function cancelAll() {
    for (const key of [...entries.keys()]) cancel(key);
  }

  /** Back online: every upload waiting for its next try starts now, with a fresh backoff. */
  function handleOnline() {
    for (const entry of entries.values()) {
      if (entry.controller) continue;
      entry.attempt = 0;
      launch(entry);
    }
  }

  /** Offline: a scheduled try would only fail; it waits for the connection instead. */
  function handleOffline() {
    for (const entry of entries.values()) if (entry.timer) waitForConnection(entry, entry.reason ?? OFFLINE_REASON);
  }

  return { start, retry, cancel, cancelAll, handleOnline, handleOffline };
}
