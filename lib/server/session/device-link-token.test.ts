import { describe, expect, it } from "vitest";
import { createShareToken, verifyShareToken } from "../share/share-token";
import { DEVICE_LINK_TTL_SECONDS, createDeviceLinkToken, hashLinkId, verifyDeviceLinkToken } from "./device-link-token";
import { createId, createSessionToken, verifySessionToken } from "./session-token";

const SECRET = "a-test-secret-that-is-at-least-32-characters";
const NOW = new Date("2026-12-01T19:00:00Z");
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("device link tokens", () => {
  it("round trips within 15 minutes and names the link, never a session", () => {
    const { token, linkId, expiresAt } = createDeviceLinkToken(SECRET, NOW);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(DEVICE_LINK_TTL_SECONDS * 1000);
    expect(DEVICE_LINK_TTL_SECONDS).toBe(900);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[0-9]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyDeviceLinkToken(token, SECRET, later(DEVICE_LINK_TTL_SECONDS - 1))).toEqual({ ok: true, linkId, expiresAt });
  });

  it("makes a different link each time", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createDeviceLinkToken(SECRET, NOW).token));
    expect(tokens.size).toBe(200);
  });

  it("refuses an expired link, at the second it expires", () => {
    const { token } = createDeviceLinkToken(SECRET, NOW);
    expect(verifyDeviceLinkToken(token, SECRET, later(DEVICE_LINK_TTL_SECONDS))).toEqual({ ok: false, reason: "expired" });
    expect(verifyDeviceLinkToken(token, SECRET, later(86_400))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a link whose expiry was pushed back, whose id was changed, or that another secret signed", () => {
    const { token, linkId } = createDeviceLinkToken(SECRET, NOW);
    const [, expires, signature] = token.split(".");
    const extended = `${linkId}.${Number(expires) + 86_400}.${signature}`;
    expect(verifyDeviceLinkToken(extended, SECRET, NOW)).toEqual({ ok: false, reason: "forged" });
    const otherId = (linkId[0] === "A" ? "B" : "A") + linkId.slice(1);
    expect(verifyDeviceLinkToken(`${otherId}.${expires}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: "forged" });
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(verifyDeviceLinkToken(`${linkId}.${expires}.${flipped}`, SECRET, NOW)).toEqual({ ok: false, reason: "forged" });
    expect(verifyDeviceLinkToken(createDeviceLinkToken("another-secret-another-secret-xx", NOW).token, SECRET, NOW)).toEqual({ ok: false, reason: "forged" });
  });

  it("checks the signature before the expiry: a forged old link is forged, not expired", () => {
    const { token, linkId } = createDeviceLinkToken(SECRET, NOW);
    const expires = token.split(".")[1];
    expect(verifyDeviceLinkToken(`${linkId}.${expires}.${"A".repeat(43)}`, SECRET, later(86_400))).toEqual({ ok: false, reason: "forged" });
  });

  it("is never a session cookie, nor a share token, nor the other way round (each signs with its own purpose)", () => {
    const { token, linkId } = createDeviceLinkToken(SECRET, NOW);
    expect(verifySessionToken(token, SECRET)).toBeNull();
    expect(verifySessionToken(`${linkId}.${token.split(".")[2]}`, SECRET)).toBeNull();
    expect(verifyShareToken(token, SECRET)).toBeNull();
    const session = createSessionToken(createId(), SECRET);
    const [id, signature] = session.split(".");
    expect(verifyDeviceLinkToken(session, SECRET, NOW).ok).toBe(false);
    expect(verifyDeviceLinkToken(`${id}.${Math.floor(NOW.getTime() / 1000) + 60}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: "forged" });
    const share = createShareToken(createId(), SECRET);
    expect(verifyDeviceLinkToken(share, SECRET, NOW).ok).toBe(false);
  });

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["a number", 42],
    ["empty", ""],
    ["two parts", "a.b"],
    ["four parts", "a.b.c.d"],
    ["a short id", `abc.1900000000.${"A".repeat(43)}`],
    ["a non-numeric expiry", `${"A".repeat(22)}.soon.${"A".repeat(43)}`],
    ["a negative expiry", `${"A".repeat(22)}.-1.${"A".repeat(43)}`],
    ["a huge token", "A".repeat(500)],
  ])("refuses a malformed token: %s", (_name, token) => {
    expect(verifyDeviceLinkToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("stores a hash of the link id, not the id", () => {
    const { linkId } = createDeviceLinkToken(SECRET, NOW);
    expect(hashLinkId(linkId)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashLinkId(linkId)).not.toContain(linkId);
    expect(hashLinkId(linkId)).toBe(hashLinkId(linkId));
  });
});
