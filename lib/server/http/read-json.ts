import "server-only";
import { AppError } from "../errors/app-error";

/** The largest JSON body read: a 100-photo story with long captions is about 100 KB. */
export const MAX_JSON_BYTES = 512 * 1024;

async function readText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The request body can be at most ${maxBytes / 1024} KB`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Whether the Content-Type is JSON (`application/json`, any parameters). */
export function isJsonContentType(value: string | null): boolean {
  return value?.split(";", 1)[0].trim().toLowerCase() === "application/json";
}

/**
 * The first string (value or key) that Postgres cannot store or that is not
 * Unicode: a NUL, or a lone UTF-16 surrogate (JSON's "\ud800"). Returns
 * "path: why", or null.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  const where = path.length ? `${path.join(".")}: ` : "";
  if (typeof value === "string") {
    if (value.includes("\u0000")) return `${where}contains control characters (NUL)`;
    if (!value.isWellFormed()) return `${where}is not valid Unicode (a lone surrogate)`;
    return null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = findUnstorableText(key, path);
      if (keyProblem) return `${keyProblem} (in a field name)`;
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Reads a JSON body of at most MAX_JSON_BYTES: another Content-Type is 415,
 * malformed JSON 400, text with a NUL or a lone surrogate 422 naming the field.
 */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", "The request body must be JSON, sent as Content-Type: application/json");
  }
  const text = await readText(request, maxBytes);
  if (!text.trim()) throw new AppError("bad_request", "The request body must be JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
  const problem = findUnstorableText(value);
  if (problem) throw new AppError("validation_failed", problem);
  return value;
}
