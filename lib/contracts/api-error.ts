// Every error answer of the public API has this shape.
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "session_required"
  | "forbidden"
  | "not_found"
  /** The thing existed and was deleted by its owner (a video). */
  | "gone"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "invalid_image"
  | "upload_incomplete"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

export type ApiErrorBody = { error: { code: ErrorCode; message: string } };
