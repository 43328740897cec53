import { NextResponse, type NextRequest } from "next/server";
import { isAdminAuthorized } from "./lib/server/admin/admin-auth";
import {
  SESSION_COOKIE,
  SESSION_HEADER,
  SESSION_MAX_AGE_SECONDS,
  createId,
  createSessionToken,
  verifySessionToken,
} from "./lib/server/session/session-token";

// Runs before every page and API route: gates the admin area, and gives
// every visitor a signed anonymous session (a forged cookie just gets a new one).
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isAdmin = pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/api/admin/");
  if (isAdmin && !isAdminAuthorized(request.headers.get("authorization"), process.env.ADMIN_PASSWORD)) {
    const body = { error: { code: "unauthorized", message: "Admin credentials required" } };
    return NextResponse.json(body, {
      status: 401,
      headers: { "WWW-Authenticate": 'Basic realm="Reelmaker admin", charset="UTF-8"', "Cache-Control": "no-store" },
    });
  }

  const secret = process.env.SESSION_SECRET;
  if (!secret) return NextResponse.json({ error: { code: "internal_error", message: "Server is not configured" } }, { status: 500 });
  const current = request.cookies.get(SESSION_COOKIE)?.value;
  const isValid = verifySessionToken(current, secret) !== null;
  const token = isValid ? current! : createSessionToken(createId(), secret);

  const headers = new Headers(request.headers);
  headers.set(SESSION_HEADER, token);
  const response = NextResponse.next({ request: { headers } });
  if (!isValid) {
    response.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: request.nextUrl.protocol === "https:",
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
  }
  if (isAdmin) response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|fonts/|favicon.ico|api/health).*)"],
};
