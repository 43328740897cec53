import "server-only";
import { createUploadSchema, type CreateUploadResponse } from "../../contracts/upload";
import { presignUpload, stagingKey, uploadKey } from "../../platform/storage";
import { getDb } from "../../platform/db";
import { log } from "../../platform/log";
import { createId } from "../session/session-token";

/** Keeps a display name only: no path, no control characters. */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  // Cut by code points so an emoji is never split in half.
  return Array.from(clean).slice(0, 200).join("") || "photo";
}

export async function createUpload(input: { sessionId: string; body: unknown }): Promise<CreateUploadResponse> {
  const request = createUploadSchema.parse(input.body);
  const id = createId();
  const key = uploadKey(input.sessionId, id);
  await getDb().asset.create({
    data: {
      id,
      sessionId: input.sessionId,
      key,
      filename: sanitizeFilename(request.filename),
      contentType: request.contentType,
      size: request.size,
    },
  });
  // The browser writes to the staging key; `key` (the accepted copy) gets no upload URL, ever.
  const signed = await presignUpload({ key: stagingKey(input.sessionId, id), contentType: request.contentType, size: request.size });
  log.info({ assetId: id, size: request.size, contentType: request.contentType }, "upload.created");
  return {
    assetId: id,
    uploadUrl: signed.url,
    method: "PUT",
    headers: signed.headers,
    expiresAt: signed.expiresAt.toISOString(),
  };
}
