import { timingSafeEqual } from "node:crypto";

export const ADMIN_USER = "admin";

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
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
  return safeEqual(decoded.slice(0, colon), ADMIN_USER) && safeEqual(decoded.slice(colon + 1), password);
}
