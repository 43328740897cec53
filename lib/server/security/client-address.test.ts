import { describe, expect, it } from "vitest";
import { PEER_HEADER, getClientAddress, isForwardedHttps, readTrustedProxyHops } from "./client-address";

// What scripts/web-server.mjs hands on: the socket's address appended to X-Forwarded-For and copied into the peer header.
const through = (socket: string, forwardedFor?: string, extra: Record<string, string> = {}) =>
  new Headers({ "x-forwarded-for": forwardedFor ? `${forwardedFor}, ${socket}` : socket, [PEER_HEADER]: socket, ...extra });

describe("getClientAddress", () => {
  it("with no trusted proxy is the socket's address, whatever X-Forwarded-For the client sent", () => {
    expect(getClientAddress(through("203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(getClientAddress(through("203.0.113.7", "1.2.3.4"), 0)).toBe("203.0.113.7");
    expect(getClientAddress(through("203.0.113.7", "1.2.3.4, 5.6.7.8"), 0)).toBe("203.0.113.7");
  });

  it("behind one load balancer is the address the balancer appended, not what the client wrote before it", () => {
    // The ALB (10.0.0.5) appends the client it saw (198.51.100.9) to what the client sent (1.2.3.4).
    expect(getClientAddress(through("10.0.0.5", "1.2.3.4, 198.51.100.9"), 1)).toBe("198.51.100.9");
    expect(getClientAddress(through("10.0.0.5", "198.51.100.9"), 1)).toBe("198.51.100.9");
    expect(getClientAddress(through("10.0.0.6", "1.2.3.4, 198.51.100.9, 10.0.0.5"), 2)).toBe("198.51.100.9");
  });

  it("takes the leftmost entry of a chain shorter than the hops (a request that bypassed the balancer)", () => {
    expect(getClientAddress(through("198.51.100.9"), 1)).toBe("198.51.100.9");
  });

  it("is null for a request that did not come through web-server.mjs", () => {
    expect(getClientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }), 0)).toBeNull();
    // A client's own peer header that web-server.mjs did not write (the chain does not end with it).
    expect(getClientAddress(new Headers({ "x-forwarded-for": "1.2.3.4, 5.6.7.8", [PEER_HEADER]: "1.2.3.4" }), 0)).toBeNull();
    expect(getClientAddress(new Headers(), 0)).toBeNull();
  });
});

describe("isForwardedHttps", () => {
  it("trusts X-Forwarded-Proto only from a trusted hop", () => {
    expect(isForwardedHttps(through("10.0.0.5", "198.51.100.9", { "x-forwarded-proto": "https" }), 1)).toBe(true);
    expect(isForwardedHttps(through("10.0.0.5", "198.51.100.9", { "x-forwarded-proto": "http" }), 1)).toBe(false);
    expect(isForwardedHttps(through("203.0.113.7", undefined, { "x-forwarded-proto": "https" }), 0)).toBe(false);
    expect(isForwardedHttps(through("10.0.0.5", "198.51.100.9"), 1)).toBe(false);
    // The nearest hop writes the rightmost entry.
    expect(isForwardedHttps(through("10.0.0.5", "x", { "x-forwarded-proto": "https, http" }), 1)).toBe(false);
  });
});

describe("readTrustedProxyHops", () => {
  it.each<[string | undefined, number]>([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["1", 1],
    [" 2 ", 2],
    ["99", 10],
    ["-1", 0],
    ["1.5", 0],
    ["one", 0],
  ])("%s → %s", (value, expected) => {
    expect(readTrustedProxyHops(value)).toBe(expected);
  });
});
