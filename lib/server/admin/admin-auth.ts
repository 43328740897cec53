import { createHash, timingSafeEqual } from "node:crypto";

export const ADMIN_USER = "admin";

/**
 * Compares in time that depends on neither string: both sides are hashed to
 * 32 bytes first, so not even the length of the password leaks.
 */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right);
}

/** Whether the request carries any credential at all (a first visit carries none; that is not a wrong guess). */
export function hasCredentials(authorization: string | null): boolean {
  return Boolean(authorization?.trim());
}

/**
 * True when the Authorization header carries the admin password, as HTTP
 * Basic (`admin:<password>`, what a browser sends) or `Bearer <password>`
 * (scripts). With no password configured, nobody is admin.
 */
export function isAdminAuthorized(authorization: string | null, password: string | undefined): boolean {
  if (!password || !authorization) return false;
  const [scheme, value = ""] = authorization.split(" ", 2);
  if (scheme.toLowerCase() === "bearer") return safeEqual(value, password);
  if (scheme.toLowerCase() !== "basic") return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared every time: no early exit on a wrong user name.
  const isUser = safeEqual(decoded.slice(0, colon), ADMIN_USER);
  const isPassword = safeEqual(decoded.slice(colon + 1), password);
  return isUser && isPassword;
}
