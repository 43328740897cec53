import { NextResponse, type NextRequest } from "next/server";
import { readSettings, storageOriginSchema, webSchema } from "./lib/platform/config";
import { hasCredentials, isAdminAuthorized } from "./lib/server/admin/admin-auth";
import { getClientAddress, isForwardedHttps, readTrustedProxyHops } from "./lib/server/security/client-address";
import { createRateLimiter, getLimitedEndpoint, getRateLimitRules, type RateLimiter } from "./lib/server/security/rate-limit";
import { ALLOWED_METHODS, checkPath, isAllowedMethod, isCrossSite, isStateChanging } from "./lib/server/security/request-checks";
import { buildSecurityHeaders, createNonce, getS3BrowserOrigin } from "./lib/server/security/security-headers";
import {
  SESSION_COOKIE,
  SESSION_HEADER,
  SESSION_MAX_AGE_SECONDS,
  createId,
  createSessionToken,
  verifySessionToken,
} from "./lib/server/session/session-token";

// Runs before every page and API route (not static files: next.config.ts
// gives those their headers). In order: methods, paths that cannot exist,
// the client's address, cross-site requests, the admin gate, sessions,
// rate limits, then the security headers with this answer's CSP nonce.

// Counts are kept in Postgres, shared by every web instance (the store is made on first use, not at build time).
const globalForProxy = globalThis as unknown as { reelmakerLimiter?: RateLimiter };
const getLimiter = () => (globalForProxy.reelmakerLimiter ??= createRateLimiter());
const rateLimitRules = getRateLimitRules();
// Proxy runs in the Node.js runtime (Next.js 16), so it reads the same schema; nothing in webSchema is required at build time.
const webSettings = readSettings(webSchema);
const trustedProxyHops = readTrustedProxyHops(webSettings.TRUSTED_PROXY_HOPS);
const s3Origin = getS3BrowserOrigin(readSettings(storageOriginSchema));
const isDev = process.env.NODE_ENV === "development";

/** API routes that work without a customer session. */
function isSessionFree(pathname: string) {
  // /api/metrics checks its own credential (admin or METRICS_TOKEN: a scraper has no cookie); /api/share/… its
  // signed token (a link preview's crawler has no cookie either).
  return (
    pathname === "/api/session" ||
    pathname === "/api/health" ||
    pathname === "/api/metrics" ||
    pathname.startsWith("/api/admin/") ||
    pathname.startsWith("/api/share/")
  );
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isHttps = isForwardedHttps(request.headers, trustedProxyHops);
  const nonce = createNonce();
  const securityHeaders = buildSecurityHeaders({ s3Origin, isDev, nonce, isHttps });
  const withHeaders = (response: NextResponse, extra: Record<string, string> = {}) => {
    for (const [name, value] of Object.entries({ ...securityHeaders, ...extra })) response.headers.set(name, value);
    return response;
  };
  const errorJson = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    withHeaders(NextResponse.json({ error: { code, message } }, { status }), { "Cache-Control": "no-store", ...headers });

  if (!isAllowedMethod(request.method)) {
    return errorJson(405, "method_not_allowed", `${request.method} is not supported`, { Allow: ALLOWED_METHODS.join(", ") });
  }
  const pathProblem = checkPath(pathname);
  if (pathProblem === "invalid_encoding") return errorJson(400, "bad_request", "The address is not valid UTF-8");
  if (pathProblem) return errorJson(404, "not_found", "Not found");

  const client = getClientAddress(request.headers, trustedProxyHops);
  const secret = webSettings.SESSION_SECRET;
  // No client address: not started by scripts/web-server.mjs (plain `next
  // start` keeps a client's own X-Forwarded-For). Fail closed.
  if (!secret || !client) return errorJson(500, "internal_error", "Server is not configured");

  if (isStateChanging(request.method) && isCrossSite(request.headers)) {
    return errorJson(403, "forbidden", "Requests from other sites are not accepted");
  }

  const isAdmin = pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/api/admin/");
  if (isAdmin) {
    // Wrong credentials are counted per address in the shared store: every web instance refuses a guesser.
    const throttleKey = `admin-failures:ip:${client}`;
    const wait = await getLimiter().retryAfter(throttleKey, rateLimitRules.adminFailures.ip);
    if (wait !== null) {
      return errorJson(429, "rate_limited", `Too many wrong admin credentials; try again in ${wait} s`, { "Retry-After": String(wait) });
    }
    const authorization = request.headers.get("authorization");
    if (!isAdminAuthorized(authorization, webSettings.ADMIN_PASSWORD)) {
      if (hasCredentials(authorization)) await getLimiter().hit(throttleKey, rateLimitRules.adminFailures.ip);
      return errorJson(401, "unauthorized", "Admin credentials required", {
        "WWW-Authenticate": 'Basic realm="Reelmaker admin", charset="UTF-8"',
      });
    }
  }

  const current = request.cookies.get(SESSION_COOKIE)?.value;
  let sessionId = verifySessionToken(current, secret);
  let token = sessionId ? current! : null;
  const isApi = pathname.startsWith("/api/");
  if (!sessionId) {
    // API calls act on a session that already exists (a page load or POST
    // /api/session made it); only those two make new ones, limited per
    // address, so dropping the cookie does not escape per-session limits.
    const mayCreate = isApi ? pathname === "/api/session" && request.method === "POST" : ["GET", "HEAD"].includes(request.method);
    if (!mayCreate && isApi && !isSessionFree(pathname)) {
      return errorJson(401, "session_required", "This call needs a session: load a page or POST /api/session first, and send its cookie");
    }
    if (mayCreate) {
      const created = await getLimiter().hit(`sessions:ip:${client}`, rateLimitRules.sessions.ip);
      if (!created.ok) {
        return errorJson(429, "rate_limited", `Too many new sessions; try again in ${created.retryAfterSeconds} s`, {
          "Retry-After": String(created.retryAfterSeconds),
        });
      }
      sessionId = createId();
      token = createSessionToken(sessionId, secret);
    }
  }

  const endpoint = getLimitedEndpoint(request.method, pathname);
  if (endpoint && sessionId) {
    const rules = rateLimitRules[endpoint];
    const checks = [await getLimiter().hit(`${endpoint}:ip:${client}`, rules.ip), await getLimiter().hit(`${endpoint}:session:${sessionId}`, rules.session)];
    const refused = checks.find((check) => !check.ok);
    if (refused && !refused.ok) {
      return errorJson(429, "rate_limited", `Too many requests; try again in ${refused.retryAfterSeconds} s`, {
        "Retry-After": String(refused.retryAfterSeconds),
      });
    }
  }

  const headers = new Headers(request.headers);
  headers.delete(SESSION_HEADER);
  if (token) headers.set(SESSION_HEADER, token);
  // Next.js reads the nonce from the request's CSP and puts it on its scripts.
  headers.set("Content-Security-Policy", securityHeaders["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers } });
  if (token && token !== current) {
    response.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: isHttps,
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  }
  return withHeaders(response, isAdmin ? { "Cache-Control": "no-store" } : {});
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|fonts/|favicon.ico|api/health).*)"],
};
