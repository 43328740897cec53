import type { ApiErrorBody } from "@/lib/contracts/api-error";
import { ACCEPTED_AUDIO_TYPES, ACCEPTED_IMAGE_TYPES, MAX_UPLOAD_BYTES, isAudioType, normalizeContentType, type CreateUploadResponse } from "@/lib/contracts/upload";

// One upload of a photo or of music: POST /api/uploads → PUT the bytes
// straight to S3 (with progress) → POST …/complete, where the server checks
// the stored bytes. Also the checks made before anything is sent.

const MB = 1024 * 1024;

/** File name endings of music, for systems that give a file no type. */
const AUDIO_EXTENSIONS: Record<string, string> = { mp3: "audio/mpeg", m4a: "audio/mp4", aac: "audio/aac", wav: "audio/wav", ogg: "audio/ogg", oga: "audio/ogg", flac: "audio/flac" };
export const AUDIO_ACCEPT = [...ACCEPTED_AUDIO_TYPES, ...Object.keys(AUDIO_EXTENSIONS).map((ext) => `.${ext}`)].join(",");

/** Why a file cannot be a photo, checked before anything is sent; null when fine. */
export function checkPhotoFile(file: { type: string; size: number }): string | null {
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) {
    return file.type.startsWith("audio/") ? "This is music, not a photo: add it under Music" : "Only JPEG, PNG and WebP photos can be used";
  }
  if (file.size === 0) return "This file is empty";
  if (file.size > MAX_UPLOAD_BYTES) return `This photo is ${(file.size / MB).toFixed(0)} MB; the limit is ${MAX_UPLOAD_BYTES / MB} MB`;
  return null;
}

/** The content type to declare for a music file (some systems leave file.type empty). */
export function getAudioType(file: { type: string; name: string }): string | null {
  const declared = normalizeContentType(file.type);
  if (isAudioType(declared)) return declared;
  if (!file.type) return AUDIO_EXTENSIONS[file.name.split(".").pop()?.toLowerCase() ?? ""] ?? null;
  return null;
}

export function checkAudioFile(file: { type: string; name: string; size: number }): string | null {
  if (!getAudioType(file)) return "Only MP3, M4A, AAC, WAV, OGG or FLAC music can be used";
  if (file.size === 0) return "This file is empty";
  if (file.size > MAX_UPLOAD_BYTES) return `This file is ${(file.size / MB).toFixed(0)} MB; the limit is ${MAX_UPLOAD_BYTES / MB} MB`;
  return null;
}

/** An upload that did not work; `retryable` when trying again may help (network, busy server). */
export class UploadError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = "UploadError";
    this.retryable = retryable;
  }
}

export async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as ApiErrorBody;
    return body.error?.message ?? `Request failed (${response.status})`;
  } catch {
    return `Request failed (${response.status})`;
  }
}

const isRetryableStatus = (status: number) => status === 0 || status === 408 || status === 409 || status === 429 || status >= 500;

async function toUploadError(response: Response): Promise<UploadError> {
  return new UploadError(await readError(response), isRetryableStatus(response.status));
}

function putFile(upload: CreateUploadResponse, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new UploadError(`The upload was refused by storage (${xhr.status})`, isRetryableStatus(xhr.status) || xhr.status === 403));
    xhr.onerror = () => reject(new UploadError("The upload was interrupted: the connection was lost.", true));
    xhr.onabort = () => reject(new DOMException("Upload canceled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export type UploadedAsset = { id: string; kind?: "image" | "audio"; width?: number; height?: number };

/** How often a request refused with 429 (too many at once) is tried again before the upload counts as failed. */
const RATE_LIMIT_RETRIES = 4;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("Upload canceled", "AbortError"));
    });
  });
}

/**
 * A call to our API; a 429 (a story of 100 photos can outrun the per-minute
 * limit) waits as long as Retry-After says and tries again, so the customer
 * sees a slower upload rather than a failure.
 */
async function callApi(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal });
    } catch (error: unknown) {
      if (signal?.aborted) throw error;
      throw new UploadError("Could not reach Reelmaker: the connection was lost.", true);
    }
    if (response.status !== 429 || attempt >= RATE_LIMIT_RETRIES) return response;
    const seconds = Number(response.headers.get("Retry-After"));
    await sleep(Math.min(MAX_RATE_LIMIT_WAIT_MS, (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1000), signal);
  }
}

/** Create → PUT straight to S3 → confirm. Resolves with the ready asset. */
export async function uploadFile(input: {
  file: File;
  contentType: string;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<UploadedAsset> {
  const { file, contentType, onProgress, signal } = input;
  const created = await callApi(
    "/api/uploads",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ filename: file.name, contentType, size: file.size }) },
    signal,
  );
  if (!created.ok) throw await toUploadError(created);
  const upload = (await created.json()) as CreateUploadResponse;
  await putFile(upload, file, onProgress, signal);
  onProgress(1);
  const completed = await callApi(`/api/uploads/${upload.assetId}/complete`, { method: "POST" }, signal);
  if (!completed.ok) throw await toUploadError(completed);
  return ((await completed.json()) as { asset: UploadedAsset }).asset;
}
