// Checks proxy.ts makes before anything else looks at a request.

/** Methods the app answers; anything else (TRACE, TRACK, CONNECT, …) is 405. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"] as const;

export function isAllowedMethod(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method.toUpperCase());
}

/** Methods that change something, so a cross-site page must not be able to send them. */
export function isStateChanging(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * Whether a browser says the request comes from another site (the check Go's
 * net/http CrossOriginProtection makes): Sec-Fetch-Site when the browser sends
 * it (only `same-origin` and `none`, a typed address or bookmark, pass), else
 * an Origin that is not this host. A request with neither header is not from
 * a browser page (curl, scripts) and passes: cross-site forgery needs a
 * browser.
 */
export function isCrossSite(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site")?.toLowerCase();
  if (site) return site !== "same-origin" && site !== "none";
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("host");
  try {
    return !host || new URL(origin).host !== host.toLowerCase();
  } catch {
    return true; // "null" (sandboxed frames, file: pages) and garbage
  }
}

/**
 * A path the app can have a page or route for: percent-escapes that decode
 * to valid UTF-8 and no control characters. Returns why not, or null.
 */
export function checkPath(pathname: string): "invalid_encoding" | "control_character" | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "invalid_encoding"; // %C0%AF (overlong), %ED%A0%80 (a surrogate), a lone %
  }
  return /[\u0000-\u001f\u007f]/.test(decoded) ? "control_character" : null;
}
