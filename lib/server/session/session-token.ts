import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Anonymous customer sessions: the cookie holds a random id and its HMAC.
// A missing, forged or tampered cookie simply yields a fresh session.

export const SESSION_COOKIE = "rm_session";
export const SESSION_HEADER = "x-reelmaker-session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

export function createId(): string {
  return randomBytes(16).toString("base64url");
}

function sign(id: string, secret: string): string {
  return createHmac("sha256", secret).update(id).digest("base64url");
}

export function createSessionToken(id: string, secret: string): string {
  return `${id}.${sign(id, secret)}`;
}

/** The session id inside a valid token, or null. */
export function verifySessionToken(token: string | undefined, secret: string): string | null {
  if (!token) return null;
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  const expected = Buffer.from(sign(id, secret));
  const actual = Buffer.from(token.slice(dot + 1));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return id;
}
