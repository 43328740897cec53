import "server-only";
import { headers } from "next/headers";
import { getConfig } from "../../platform/config";
import { SESSION_HEADER, verifySessionToken } from "./session-token";

/**
 * The current customer's session id. proxy.ts passes the valid signed token
 * on in a request header (a page load without one gets a new session; an
 * API call without one is refused with 401 session_required before it gets
 * here), and handlers re-verify rather than trust it.
 */
export async function getSessionId(): Promise<string> {
  const token = (await headers()).get(SESSION_HEADER) ?? undefined;
  const id = verifySessionToken(token, getConfig().sessionSecret);
  if (!id) throw new Error("proxy.ts did not attach a session");
  return id;
}
