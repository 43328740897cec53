import "server-only";
import { ZodError } from "zod";
import type { ApiErrorBody, ErrorCode } from "../../contracts/api-error";
import { log } from "../../platform/log";
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
