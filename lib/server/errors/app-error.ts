import type { ErrorCode } from "../../contracts/api-error";

// The one error type of our code. `message` is safe to show a customer;
// `detail` is for logs and the admin list only.
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options: { detail?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = options.detail;
  }
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  session_required: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_image: 422,
  upload_incomplete: 409,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};
