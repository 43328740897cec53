import { rateLimitSchema, readSettings } from "../../platform/config";
// Counts failed attempts (wrong admin passwords) per key and refuses every
// attempt, right or wrong, once a key has failed `limit` times in the
// window: otherwise a guesser would still learn the password when it is hit.
// In this process's memory; bounded like the rate limiter.

export type ThrottleRule = { limit: number; windowMs: number };

export class FailureThrottle {
  private readonly failures = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: ThrottleRule,
    private readonly maxKeys = 50_000,
  ) {}

  /** Null when `key` may try, else the seconds until it may. */
  retryAfterSeconds(key: string, now = Date.now()): number | null {
    const window = this.failures.get(key);
    if (!window || now - window.start >= this.rule.windowMs || window.count < this.rule.limit) return null;
    return Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000));
  }

  recordFailure(key: string, now = Date.now()): void {
    let window = this.failures.get(key);
    if (!window || now - window.start >= this.rule.windowMs) {
      if (this.failures.size >= this.maxKeys) this.evict(now);
      window = { start: now, count: 0 };
      this.failures.set(key, window);
    }
    window.count += 1;
  }

  private evict(now: number) {
    for (const [key, window] of this.failures) if (now - window.start >= this.rule.windowMs) this.failures.delete(key);
    if (this.failures.size >= this.maxKeys) [...this.failures.keys()].slice(0, this.maxKeys / 2).forEach((key) => this.failures.delete(key));
  }
}

/**
 * Wrong admin credentials allowed per address (env, default):
 * RATE_LIMIT_ADMIN_FAILURES_PER_IP 10 in ADMIN_FAILURE_WINDOW_SECONDS 600.
 * Then every admin request from that address is 429 until the window ends.
 */
export function getAdminFailureRule(env: Record<string, string | undefined> = process.env): ThrottleRule {
  const settings = readSettings(rateLimitSchema, env);
  return { limit: settings.RATE_LIMIT_ADMIN_FAILURES_PER_IP, windowMs: settings.ADMIN_FAILURE_WINDOW_SECONDS * 1000 };
}
