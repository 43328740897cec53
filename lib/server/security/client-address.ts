// Who is on the other end of a request, as far as this server can trust.
//
// Proxy.ts only sees headers, not the socket (Next.js hands it a Request),
// and `next start` fills X-Forwarded-For from the socket only when the
// client sent none (`??=`): a client that sends its own keeps it. So the web
// process is started by scripts/web-server.mjs, which appends the socket's
// address to X-Forwarded-For and copies it into PEER_HEADER (overwriting
// whatever the client sent there). The rightmost entry is then always the
// socket's peer, and each trusted proxy in front of us added one entry to
// its left.
//
// TRUSTED_PROXY_HOPS (default 0): how many proxies in front of the web
// process append to X-Forwarded-For. 0 = the socket's address is the client
// (no proxy, or an untrusted one); 1 = behind one AWS ALB (it appends the
// address it saw). Forwarding headers beyond that many hops are the
// client's own words and are ignored.

export const PEER_HEADER = "x-reelmaker-peer";

/** TRUSTED_PROXY_HOPS as a whole number 0–10; anything else is 0 (trust no forwarding header). */
export function readTrustedProxyHops(value: string | undefined): number {
  if (!value || !/^\d{1,2}$/.test(value.trim())) return 0;
  return Math.min(10, Number(value.trim()));
}

function splitList(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The client's address: the entry `hops` places left of the socket's peer
 * in X-Forwarded-For. Null when the request did not come through
 * web-server.mjs (no peer header, or a chain that does not end with it).
 * A chain shorter than the hops (a request that bypassed the proxies) gives
 * its leftmost entry.
 */
export function getClientAddress(headers: Headers, hops: number): string | null {
  const peer = headers.get(PEER_HEADER)?.trim();
  if (!peer) return null;
  const chain = splitList(headers.get("x-forwarded-for"));
  if (chain.at(-1) !== peer) return null;
  return chain[Math.max(0, chain.length - 1 - hops)];
}

/**
 * Whether the customer's browser reached us over https. With no trusted
 * proxy the web process itself speaks plain http; behind a TLS-terminating
 * load balancer it is the protocol that balancer put in X-Forwarded-Proto
 * (the rightmost entry, the one the nearest hop wrote).
 */
export function isForwardedHttps(headers: Headers, hops: number): boolean {
  if (hops < 1) return false;
  return splitList(headers.get("x-forwarded-proto")).at(-1)?.toLowerCase() === "https";
}
