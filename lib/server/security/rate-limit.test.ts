import { describe, expect, it, vi } from "vitest";
import { MemoryRateLimiter, createRateLimiter, getLimitedEndpoint } from "./rate-limit";

describe("MemoryRateLimiter", () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it("allows the limit, refuses the next with the seconds left, counts keys apart, and opens again in the next window", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const limiter = new MemoryRateLimiter();
      expect(await Promise.all([0, 1, 2].map(() => limiter.hit("k", rule)))).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      vi.advanceTimersByTime(20_000);
      expect(await limiter.hit("k", rule)).toEqual({ ok: false, retryAfterSeconds: 40 });
      expect(await limiter.hit("other", rule)).toEqual({ ok: true });
      // Another rule is another count, even for the same key.
      expect(await limiter.hit("k", { limit: 10, windowMs: 60_000 })).toEqual({ ok: true });
      vi.advanceTimersByTime(40_000);
      expect(await limiter.hit("k", rule)).toEqual({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("retryAfter counts nothing: null under the limit, the seconds left once it is reached, null again in the next window", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const limiter = new MemoryRateLimiter();
      expect(await limiter.retryAfter("k", rule)).toBeNull();
      await limiter.hit("k", rule);
      await limiter.hit("k", rule);
      expect(await limiter.retryAfter("k", rule)).toBeNull();
      expect(await limiter.retryAfter("k", rule)).toBeNull(); // asking did not count
      await limiter.hit("k", rule);
      vi.advanceTimersByTime(15_000);
      expect(await limiter.retryAfter("k", rule)).toBe(45);
      expect(await limiter.retryAfter("other", rule)).toBeNull();
      vi.advanceTimersByTime(45_000);
      expect(await limiter.retryAfter("k", rule)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("createRateLimiter", () => {
  it("refuses to start without a database to share the counts in", () => {
    expect(() => createRateLimiter("")).toThrow(/DATABASE_URL/);
  });
});

describe("getLimitedEndpoint", () => {
  it.each([
    ["POST", "/api/orders", "orders"],
    ["POST", "/api/uploads", "uploads"],
    ["POST", "/api/uploads/abc/complete", "uploads"],
    ["POST", "/api/orders/abc/retry", "orders"],
    ["PUT", "/api/draft", "drafts"],
    ["POST", "/api/orders/abc/copy", "drafts"],
    ["POST", "/api/session/links", "deviceLinks"],
    ["POST", "/api/session/join", "deviceLinks"],
    ["DELETE", "/api/session/links", null],
    ["DELETE", "/api/orders/abc", null],
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
