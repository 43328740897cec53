import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { getConfig } from "./config";
import { getS3 } from "./aws";

// Object keys. Uploads sit under their session's prefix: the browser's
// presigned PUT goes to `incoming/…` (staging); once checked, the upload is
// copied to `uploads/…`, a key no upload URL is ever signed for, so what was
// checked is what is rendered (docs/reliability.md). Renders sit under the
// order id, deterministic so a replayed render overwrites, never duplicates.
export const stagingKey = (sessionId: string, assetId: string) => `incoming/${sessionId}/${assetId}`;
export const uploadKey = (sessionId: string, assetId: string) => `uploads/${sessionId}/${assetId}`;
export const videoKey = (orderId: string) => `renders/${orderId}/video.mp4`;
export const posterKey = (orderId: string) => `renders/${orderId}/poster.jpg`;

/**
 * A PUT URL that signs Content-Type and Content-Length, so S3 refuses a body
 * of any other size or type than the one the server agreed to.
 */
export async function presignUpload(input: { key: string; contentType: string; size: number }) {
  const { bucket, uploadUrlTtlSeconds } = getConfig();
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: input.key,
    ContentType: input.contentType,
    ContentLength: input.size,
  });
  const url = await getSignedUrl(getS3(), command, {
    expiresIn: uploadUrlTtlSeconds,
    signableHeaders: new Set(["content-type", "content-length"]),
    unhoistableHeaders: new Set(["content-type", "content-length"]),
  });
  return {
    url,
    headers: { "Content-Type": input.contentType },
    expiresAt: new Date(Date.now() + uploadUrlTtlSeconds * 1000),
  };
}

/** A short-lived GET URL; `downloadName` makes browsers save it under that name. */
export async function presignDownload(key: string, options: { downloadName?: string; contentType?: string } = {}) {
  const { bucket, downloadUrlTtlSeconds } = getConfig();
  const command = new GetObjectCommand({
    Bucket: bucket,
    Key: key,
    ResponseContentDisposition: options.downloadName
      ? `attachment; filename="${options.downloadName}"`
      : undefined,
    ResponseContentType: options.contentType,
  });
  return getSignedUrl(getS3(), command, { expiresIn: downloadUrlTtlSeconds });
}

export async function headObject(key: string): Promise<{ size: number; contentType?: string } | null> {
  try {
    const head = await getS3().send(new HeadObjectCommand({ Bucket: getConfig().bucket, Key: key }));
    return { size: head.ContentLength ?? 0, contentType: head.ContentType };
  } catch (error: unknown) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (error as { name?: string }).name === "NotFound") return null;
    throw error;
  }
}

/** An object's bytes (all of them, or the first `length`) and its ETag, which names that very version. */
export async function readObject(key: string, length?: number): Promise<{ bytes: Uint8Array; etag: string }> {
  const result = await getS3().send(
    new GetObjectCommand({ Bucket: getConfig().bucket, Key: key, Range: length === undefined ? undefined : `bytes=0-${length - 1}` }),
  );
  if (!result.ETag) throw new Error(`No ETag for ${key}`);
  return { bytes: result.Body ? await result.Body.transformToByteArray() : new Uint8Array(), etag: result.ETag };
}

/**
 * Copies `from` to `to` only if `from` is still the version `etag` names
 * (S3 answers 412 otherwise), and returns the copy's ETag; the caller checks
 * it too, for S3-compatible stores that ignore the condition.
 */
export async function copyObjectIfMatch(input: { from: string; to: string; etag: string }): Promise<string | undefined> {
  const { bucket } = getConfig();
  const result = await getS3().send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: input.to,
      CopySource: `${bucket}/${input.from}`,
      CopySourceIfMatch: input.etag,
    }),
  );
  return result.CopyObjectResult?.ETag;
}

export async function deleteObject(key: string): Promise<void> {
  await getS3().send(new DeleteObjectCommand({ Bucket: getConfig().bucket, Key: key }));
}

/** The first `length` bytes of an object. */
export async function readObjectStart(key: string, length: number): Promise<Uint8Array> {
  const result = await getS3().send(
    new GetObjectCommand({ Bucket: getConfig().bucket, Key: key, Range: `bytes=0-${length - 1}` }),
  );
  if (!result.Body) return new Uint8Array();
  return result.Body.transformToByteArray();
}

export async function downloadObjectToFile(key: string, file: string, signal?: AbortSignal): Promise<void> {
  const result = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: key }), {
    abortSignal: signal,
  });
  if (!result.Body) throw new Error(`Empty body for ${key}`);
  await pipeline(result.Body as Readable, createWriteStream(file), { signal });
}

export async function uploadFileToObject(input: { file: string; key: string; contentType: string; signal?: AbortSignal }) {
  const { size } = await stat(input.file);
  await getS3().send(
    new PutObjectCommand({
      Bucket: getConfig().bucket,
      Key: input.key,
      Body: createReadStream(input.file),
      ContentLength: size,
      ContentType: input.contentType,
    }),
    { abortSignal: input.signal },
  );
}
