import { NextResponse, type NextRequest } from "next/server";
import { isAdminAuthorized } from "./lib/server/admin/admin-auth";
import { createRateLimiter, getLimitedEndpoint, type RateLimiter, getRateLimitRules } from "./lib/server/security/rate-limit";
import { buildSecurityHeaders, getS3BrowserOrigin } from "./lib/server/security/security-headers";
import {
  SESSION_COOKIE,
  SESSION_HEADER,
  SESSION_MAX_AGE_SECONDS,
  createId,
  createSessionToken,
  verifySessionToken,
} from "./lib/server/session/session-token";

// Runs before every page and API route: security headers everywhere, the
// admin gate, rate limits on the endpoints that create things, and a signed
// anonymous session for every visitor (a forged cookie just gets a new one).

// Counts are kept in Postgres, shared by every web instance (created on first use, not at build time).
const globalForProxy = globalThis as unknown as { reelmakerLimiter?: RateLimiter };
const rateLimitRules = getRateLimitRules();
const securityHeaders = buildSecurityHeaders({
  s3Origin: getS3BrowserOrigin({
    S3_ENDPOINT: process.env.S3_ENDPOINT,
    S3_BUCKET: process.env.S3_BUCKET,
    AWS_REGION: process.env.AWS_REGION,
  }),
  isDev: process.env.NODE_ENV === "development",
});

function withHeaders(response: NextResponse, extra: Record<string, string> = {}) {
  for (const [name, value] of Object.entries({ ...securityHeaders, ...extra })) response.headers.set(name, value);
  return response;
}

function errorJson(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return withHeaders(NextResponse.json({ error: { code, message } }, { status }), { "Cache-Control": "no-store", ...headers });
}

/** The client address: the rightmost X-Forwarded-For entry (added by our load balancer or by Next.js). */
function getClientIp(request: NextRequest): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? "unknown";
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isAdmin = pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/api/admin/");
  if (isAdmin && !isAdminAuthorized(request.headers.get("authorization"), process.env.ADMIN_PASSWORD)) {
    return errorJson(401, "unauthorized", "Admin credentials required", {
      "WWW-Authenticate": 'Basic realm="Reelmaker admin", charset="UTF-8"',
    });
  }

  const secret = process.env.SESSION_SECRET;
  if (!secret) return errorJson(500, "internal_error", "Server is not configured");
  const current = request.cookies.get(SESSION_COOKIE)?.value;
  const sessionId = verifySessionToken(current, secret);
  const token = sessionId ? current! : createSessionToken(createId(), secret);

  const endpoint = getLimitedEndpoint(request.method, pathname);
  if (endpoint) {
    const rules = rateLimitRules[endpoint];
    // A request without a valid session is limited by address only: minting
    // new sessions must not reset the count.
    const limiter = (globalForProxy.reelmakerLimiter ??= createRateLimiter());
    const checks = [await limiter.hit(`${endpoint}:ip:${getClientIp(request)}`, rules.ip)];
    if (sessionId) checks.push(await limiter.hit(`${endpoint}:session:${sessionId}`, rules.session));
    const refused = checks.find((check) => !check.ok);
    if (refused && !refused.ok) {
      return errorJson(429, "rate_limited", `Too many requests; try again in ${refused.retryAfterSeconds} s`, {
        "Retry-After": String(refused.retryAfterSeconds),
      });
    }
  }

  const headers = new Headers(request.headers);
  headers.set(SESSION_HEADER, token);
  const response = NextResponse.next({ request: { headers } });
  if (!sessionId) {
    response.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: request.nextUrl.protocol === "https:",
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  }
  return withHeaders(response, isAdmin ? { "Cache-Control": "no-store" } : {});
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|fonts/|favicon.ico|api/health).*)"],
};
