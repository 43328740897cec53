import { timingSafeEqual } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
vi.mock("node:crypto", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:crypto")>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

import { ADMIN_USER, hasCredentials, isAdminAuthorized, safeEqual } from "./admin-auth";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

describe("isAdminAuthorized", () => {
  it("the admin user is 'admin'", () => {
    expect(ADMIN_USER).toBe("admin");
  });

  it.each<[string, string | null, string | undefined, boolean]>([
    ["Basic admin:pw", basic("admin:pw"), "pw", true],
    ["lower-case basic scheme", basic("admin:pw").replace("Basic", "basic"), "pw", true],
    ["Basic with a password containing colons", basic("admin:p:w:x"), "p:w:x", true],
    ["Basic with a non-ASCII password", basic("admin:pässwörd✓"), "pässwörd✓", true],
    ["Basic wrong password", basic("admin:nope"), "pw", false],
    ["Basic password with a trailing space", basic("admin:pw "), "pw", false],
    ["Basic password prefix", basic("admin:p"), "pw", false],
    ["Basic wrong user", basic("root:pw"), "pw", false],
    ["Basic user in other case", basic("Admin:pw"), "pw", false],
    ["Basic without colon", basic("adminpw"), "pw", false],
    ["Basic with empty password", basic("admin:"), "pw", false],
    ["Basic with nothing", "Basic ", "pw", false],
    ["Basic that is not base64", "Basic !!!not-base64!!!", "pw", false],
    ["Bearer pw", "Bearer pw", "pw", true],
    ["lower-case bearer", "bearer pw", "pw", true],
    ["Bearer wrong", "Bearer nope", "pw", false],
    ["Bearer empty", "Bearer ", "pw", false],
    ["Bearer with no value", "Bearer", "pw", false],
    ["Bearer with the Basic credentials", `Bearer ${Buffer.from("admin:pw").toString("base64")}`, "pw", false],
    ["Bearer with the password plus extra", "Bearer pwpw", "pw", false],
    ["no header", null, "pw", false],
    ["empty header", "", "pw", false],
    ["no password configured (Basic)", basic("admin:"), undefined, false],
    ["no password configured (Bearer)", "Bearer ", undefined, false],
    ["empty password configured", "Bearer ", "", false],
    ["no password and no header", null, undefined, false],
    ["garbage scheme", "Digest username=admin", "pw", false],
    ["garbage scheme with the password", "Token pw", "pw", false],
    ["just the password", "pw", "pw", false],
    ["garbage", "💥💥💥", "pw", false],
  ])("%s → %s", (_name, header, password, expected) => {
    expect(isAdminAuthorized(header, password)).toBe(expected);
  });
});

describe("safeEqual", () => {
  it("compares by value, whatever the lengths, through fixed-length digests", () => {
    expect(safeEqual("pw", "pw")).toBe(true);
    expect(safeEqual("pw", "pw ")).toBe(false);
    expect(safeEqual("", "pw")).toBe(false);
    expect(safeEqual("pässwörd", "pässwörd")).toBe(true);
  });

  it("compares fixed-length digests even when the lengths differ (no early exit that would leak the length)", () => {
    vi.mocked(timingSafeEqual).mockClear();
    expect(safeEqual("a", "a-much-longer-password")).toBe(false);
    expect(vi.mocked(timingSafeEqual).mock.calls.map(([a, b]) => [a.byteLength, b.byteLength])).toEqual([[32, 32]]);
  });
});

describe("hasCredentials", () => {
  it("tells a first visit from a guess", () => {
    expect(hasCredentials(null)).toBe(false);
    expect(hasCredentials("  ")).toBe(false);
    expect(hasCredentials("Bearer x")).toBe(true);
  });
});
