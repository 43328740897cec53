import { describe, expect, it } from "vitest";
import { checkPath, isAllowedMethod, isCrossSite, isStateChanging } from "./request-checks";

describe("isCrossSite", () => {
  it.each<[string, Record<string, string>, boolean]>([
    ["same-origin fetch", { "sec-fetch-site": "same-origin", origin: "http://localhost:3000", host: "localhost:3000" }, false],
    ["typed address", { "sec-fetch-site": "none" }, false],
    ["another site", { "sec-fetch-site": "cross-site", origin: "https://evil.example", host: "localhost:3000" }, true],
    ["a sibling subdomain", { "sec-fetch-site": "same-site", origin: "https://x.reels.example", host: "reels.example" }, true],
    ["Sec-Fetch-Site wins over a matching Origin", { "sec-fetch-site": "cross-site", origin: "http://localhost:3000", host: "localhost:3000" }, true],
    ["old browser, same Origin", { origin: "http://localhost:3000", host: "localhost:3000" }, false],
    ["old browser, other Origin", { origin: "https://evil.example", host: "localhost:3000" }, true],
    ["other port", { origin: "http://localhost:4000", host: "localhost:3000" }, true],
    ["Origin null", { origin: "null", host: "localhost:3000" }, true],
    ["Origin without a Host", { origin: "http://localhost:3000" }, true],
    ["no browser headers (curl)", { host: "localhost:3000" }, false],
  ])("%s → %s", (_name, headers, expected) => {
    expect(isCrossSite(new Headers(headers))).toBe(expected);
  });
});

describe("methods", () => {
  it("refuses TRACE, TRACK and CONNECT and knows which methods change things", () => {
    expect(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "post"].every(isAllowedMethod)).toBe(true);
    expect(["TRACE", "TRACK", "CONNECT", "PATCH", "PROPFIND"].some(isAllowedMethod)).toBe(false);
    expect(["POST", "PUT", "DELETE"].every(isStateChanging)).toBe(true);
    expect(["GET", "HEAD", "OPTIONS"].some(isStateChanging)).toBe(false);
  });
});

describe("checkPath", () => {
  it.each<[string, ReturnType<typeof checkPath>]>([
    ["/api/orders/abc", null],
    ["/share/%E2%9C%93", null],
    ["/api/orders/%00", "control_character"],
    ["/api/orders/a%0Ab", "control_character"],
    ["/api/orders/%C0%AF", "invalid_encoding"],
    ["/api/orders/%ED%A0%80", "invalid_encoding"],
    ["/api/orders/%", "invalid_encoding"],
  ])("%s → %s", (path, expected) => {
    expect(checkPath(path)).toBe(expected);
  });
});
