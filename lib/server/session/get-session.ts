import "server-only";
import { headers } from "next/headers";
import { getConfig } from "../config";
import { SESSION_HEADER, verifySessionToken } from "./session-token";

/**
 * The current customer's session id. proxy.ts guarantees every request
 * carries a valid signed token (minting one for new visitors) and passes it
 * on in a request header, so handlers re-verify rather than trust it.
 */
export async function getSessionId(): Promise<string> {
  const token = (await headers()).get(SESSION_HEADER) ?? undefined;
  const id = verifySessionToken(token, getConfig().sessionSecret);
  if (!id) throw new Error("proxy.ts did not attach a session");
  return id;
}
