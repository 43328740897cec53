import { NextResponse } from "next/server";
import { z } from "zod";
import { getConfig, readSettings, webSchema } from "@/lib/platform/config";
import { customerRoute } from "@/lib/server/http/route";
import { readJson } from "@/lib/server/http/read-json";
import { isForwardedHttps, readTrustedProxyHops } from "@/lib/server/security/client-address";
import { redeemDeviceLink } from "@/lib/server/session/device-links";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, createSessionToken } from "@/lib/server/session/session-token";

const bodySchema = z.strictObject({ token: z.string().max(200) });

/**
 * Joins this browser to the session a device link names (one use): the
 * answer sets that session's cookie, as proxy.ts would have. A POST from the
 * page, never a GET, so a chat app's link preview cannot use the link up.
 */
export const POST = customerRoute({ name: "session.join" }, async ({ request, sessionId }) => {
  const { token } = bodySchema.parse(await readJson(request));
  const joined = await redeemDeviceLink({ token, sessionId });
  const response = NextResponse.json({ joined: true }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(SESSION_COOKIE, createSessionToken(joined.sessionId, getConfig().sessionSecret), {
    httpOnly: true,
    sameSite: "lax",
    secure: isForwardedHttps(request.headers, readTrustedProxyHops(readSettings(webSchema).TRUSTED_PROXY_HOPS)),
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return response;
});
