import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// "Continue on another device": a link that lets a second browser join this
// browser's session. The token is a random link id, its expiry and an HMAC
// of both; the HMAC input carries its own prefix, so a link token can never
// pass for a session cookie or a share token (which sign with the same
// secret). The token names no session: the server looks the session up from
// the link id (stored only as a SHA-256), so nobody can choose the session a
// link joins, and the database row makes it single-use and revocable.
// It travels in the URL's fragment (/continue#token), which browsers never
// send to a server: no access log, proxy or Referer ever sees it.

const PURPOSE = "reelmaker:device-link:v1:";
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;
const EXPIRY = /^[0-9]{1,12}$/;
/** How long a link works: long enough to pick up a phone, short enough to be useless later. */
export const DEVICE_LINK_TTL_SECONDS = 15 * 60;

export type DeviceLinkCheck =
  | { ok: true; linkId: string; expiresAt: Date }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

function sign(linkId: string, expires: string, secret: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}${linkId}.${expires}`).digest("base64url");
}

/** A new link token that expires `ttlSeconds` from `now`. */
export function createDeviceLinkToken(secret: string, now = new Date(), ttlSeconds = DEVICE_LINK_TTL_SECONDS) {
  const linkId = randomBytes(16).toString("base64url");
  const expiresAt = new Date((Math.floor(now.getTime() / 1000) + ttlSeconds) * 1000);
  const expires = String(expiresAt.getTime() / 1000);
  return { token: `${linkId}.${expires}.${sign(linkId, expires, secret)}`, linkId, expiresAt };
}

/** Checks a token's form, signature (before anything else is believed) and expiry. Pure: no database. */
export function verifyDeviceLinkToken(token: unknown, secret: string, now = new Date()): DeviceLinkCheck {
  if (typeof token !== "string" || token.length > 200) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [linkId, expires, signature] = parts;
  if (!LINK_ID.test(linkId) || !EXPIRY.test(expires)) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(sign(linkId, expires, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "forged" };
  const expiresAt = new Date(Number(expires) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, linkId, expiresAt };
}

/** What the database keeps of a link id: its SHA-256, so a copy of the table opens nothing. */
export function hashLinkId(linkId: string): string {
  return createHash("sha256").update(linkId).digest("base64url");
}
