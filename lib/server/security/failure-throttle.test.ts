import { describe, expect, it } from "vitest";
import { FailureThrottle, getAdminFailureRule } from "./failure-throttle";

describe("FailureThrottle", () => {
  it("lets a key try until it has failed `limit` times, then refuses until the window ends", () => {
    const throttle = new FailureThrottle({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfterSeconds("a", t0 + i)).toBeNull();
      throttle.recordFailure("a", t0 + i);
    }
    expect(throttle.retryAfterSeconds("a", t0 + 20_000)).toBe(40);
    expect(throttle.retryAfterSeconds("b", t0 + 20_000)).toBeNull();
    expect(throttle.retryAfterSeconds("a", t0 + 60_000)).toBeNull();
  });

  it("stays bounded when flooded with keys", () => {
    const throttle = new FailureThrottle({ limit: 3, windowMs: 60_000 }, 100);
    for (let i = 0; i < 1000; i += 1) throttle.recordFailure(`k${i}`, 5);
    expect((throttle as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThanOrEqual(100);
  });

  it("reads its rule from the environment, with defaults", () => {
    expect(getAdminFailureRule({})).toEqual({ limit: 10, windowMs: 600_000 });
    expect(getAdminFailureRule({ RATE_LIMIT_ADMIN_FAILURES_PER_IP: "3", ADMIN_FAILURE_WINDOW_SECONDS: "30" })).toEqual({ limit: 3, windowMs: 30_000 });
    expect(getAdminFailureRule({ RATE_LIMIT_ADMIN_FAILURES_PER_IP: "-1" }).limit).toBe(10);
  });
});
