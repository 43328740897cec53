import { describe, expect, it } from "vitest";
import { RateLimiter, getLimitedEndpoint } from "./rate-limit";

describe("RateLimiter", () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it("allows the limit, refuses the next with the seconds left, and opens again in the next window", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.hit("k", rule, t0 + i).ok)).toEqual([true, true, true]);
    expect(limiter.hit("k", rule, t0 + 20_000)).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(limiter.hit("other", rule, t0 + 20_000).ok).toBe(true);
    expect(limiter.hit("k", rule, t0 + 60_000).ok).toBe(true);
  });

  it("stays bounded when flooded with keys", () => {
    const limiter = new RateLimiter(100);
    for (let i = 0; i < 1000; i += 1) limiter.hit(`key-${i}`, rule, 5);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100);
  });
});

describe("getLimitedEndpoint", () => {
  it.each([
    ["POST", "/api/orders", "orders"],
    ["POST", "/api/uploads", "uploads"],
    ["POST", "/api/uploads/abc/complete", "uploads"],
    ["POST", "/api/orders/abc/retry", "orders"],
    ["PUT", "/api/draft", "drafts"],
    ["GET", "/api/draft", null],
    ["DELETE", "/api/draft", null],
    ["POST", "/api/orders/abc/retry/x", null],
    ["GET", "/api/orders/abc", null],
    ["GET", "/", null],
    ["POST", "/api/admin/jobs/x/retry", null],
  ])("%s %s → %s", (method, path, expected) => {
    expect(getLimitedEndpoint(method, path)).toBe(expected);
  });
});
