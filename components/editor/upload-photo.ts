import type { ApiErrorBody } from "@/lib/contracts/api-error";
import { ACCEPTED_IMAGE_TYPES, MAX_UPLOAD_BYTES, type AssetView, type CreateUploadResponse } from "@/lib/contracts/upload";

/** Checks the browser can do before anything is sent; null when fine. */
export function checkPhotoFile(file: { type: string; size: number }): string | null {
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) return "Only JPEG, PNG and WebP photos can be used";
  if (file.size === 0) return "This file is empty";
  if (file.size > MAX_UPLOAD_BYTES) return `This photo is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;
  return null;
}

async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as ApiErrorBody;
    return body.error?.message ?? `Request failed (${response.status})`;
  } catch {
    return `Request failed (${response.status})`;
  }
}

function putFile(upload: CreateUploadResponse, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`The upload was refused (${xhr.status})`)));
    xhr.onerror = () => reject(new Error("The upload failed: check your connection and try again"));
    xhr.send(file);
  });
}

/** Create → PUT straight to S3 → confirm. Resolves with the ready asset. */
export async function uploadPhoto(file: File, onProgress: (fraction: number) => void): Promise<AssetView> {
  const created = await fetch("/api/uploads", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ filename: file.name, contentType: file.type, size: file.size }),
  });
  if (!created.ok) throw new Error(await readError(created));
  const upload = (await created.json()) as CreateUploadResponse;
  await putFile(upload, file, onProgress);
  const completed = await fetch(`/api/uploads/${upload.assetId}/complete`, { method: "POST" });
  if (!completed.ok) throw new Error(await readError(completed));
  return ((await completed.json()) as { asset: AssetView }).asset;
}

export { readError };
