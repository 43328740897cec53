import "server-only";
import { ZodError } from "zod";
import type { ApiErrorBody, ErrorCode } from "../../contracts/api-error";
import { log } from "../log";
import { AppError, ERROR_STATUS } from "./app-error";

export function errorResponse(code: ErrorCode, message: string, init: { headers?: HeadersInit } = {}): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status: ERROR_STATUS[code], headers: init.headers });
}

/** Turns a zod error into one readable sentence naming the field. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      return `${where}${issue.message}`;
    })
    .join("; ");
}

function isPrismaNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

/** The one place an exception becomes an HTTP answer. Never leaks a stack. */
export function handleApiError(error: unknown, context: { route: string }): Response {
  if (error instanceof ZodError) return errorResponse("validation_failed", describeZodError(error));
  if (error instanceof AppError) {
    if (ERROR_STATUS[error.code] >= 500) log.error({ route: context.route, code: error.code, detail: error.detail }, "api.failed");
    return errorResponse(error.code, error.message);
  }
  if (isPrismaNotFound(error)) return errorResponse("not_found", "Not found");
  log.error({ route: context.route, err: error }, "api.crashed");
  return errorResponse("internal_error", "Something went wrong on our side. Please try again.");
}

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

/** Reads a JSON body of at most MAX_JSON_BYTES; malformed JSON is a 400 with a clear message. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (!text.trim()) throw new AppError("bad_request", "The request body must be JSON");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
}
