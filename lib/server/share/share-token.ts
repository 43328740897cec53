import { createHmac, timingSafeEqual } from "node:crypto";

// A share link names one finished video: the order id and an HMAC of it.
// The HMAC input carries its own prefix, so a share token can never be
// mistaken for a session cookie (which signs a bare id with the same
// secret), and it gives no access to anything but that one video.

const PURPOSE = "reelmaker:share:v1:";
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function sign(orderId: string, secret: string): string {
  return createHmac("sha256", secret).update(PURPOSE + orderId).digest("base64url");
}

export function createShareToken(orderId: string, secret: string): string {
  return `${orderId}-${sign(orderId, secret)}`;
}

/** The order id inside a valid share token, or null. */
export function verifyShareToken(token: string | undefined, secret: string): string | null {
  if (!token || token.length !== 22 + 1 + 43 || token[22] !== "-") return null;
  const orderId = token.slice(0, 22);
  if (!ID_PATTERN.test(orderId)) return null;
  const expected = Buffer.from(sign(orderId, secret));
  const actual = Buffer.from(token.slice(23));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return orderId;
}
