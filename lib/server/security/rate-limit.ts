// Fixed-window request counting, in this process's memory. Enough for one
// web instance; several instances behind a load balancer would each allow
// the limit (a shared store such as Postgres or Redis would be the next step).

export type RateLimitRule = { limit: number; windowMs: number };
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxKeys = 50_000) {}

  /** Counts one request for `key`; refuses once `rule.limit` is reached in the window. */
  hit(key: string, rule: RateLimitRule, now = Date.now()): RateLimitResult {
    let window = this.windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      if (this.windows.size >= this.maxKeys) this.evictExpired(now, rule.windowMs);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= rule.limit) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + rule.windowMs - now) / 1000)) };
  }

  private evictExpired(now: number, windowMs: number) {
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key);
    // Still full (many keys at once): forget the oldest half rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      [...this.windows.keys()].slice(0, this.maxKeys / 2).forEach((key) => this.windows.delete(key));
    }
  }
}

function readLimit(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Limits per minute for the endpoints that create things (env, defaults):
 *   RATE_LIMIT_UPLOADS_PER_SESSION 300, RATE_LIMIT_UPLOADS_PER_IP 1200,
 *   RATE_LIMIT_ORDERS_PER_SESSION 20,   RATE_LIMIT_ORDERS_PER_IP 120,
 *   RATE_LIMIT_DRAFTS_PER_SESSION 120,  RATE_LIMIT_DRAFTS_PER_IP 600,
 *   RATE_LIMIT_SESSIONS_PER_IP 60 (new sessions: page loads without a
 *   cookie and POST /api/session; without it, dropping the cookie would
 *   escape every per-session limit).
 * A 100-photo story makes 200 upload calls (create + complete per photo)
 * plus music and retries, so it fits in one minute's upload allowance.
 */
export function getRateLimitRules() {
  const minute = 60_000;
  return {
    uploads: {
      session: { limit: readLimit("RATE_LIMIT_UPLOADS_PER_SESSION", 300), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_UPLOADS_PER_IP", 1200), windowMs: minute },
    },
    orders: {
      session: { limit: readLimit("RATE_LIMIT_ORDERS_PER_SESSION", 20), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_ORDERS_PER_IP", 120), windowMs: minute },
    },
    drafts: {
      session: { limit: readLimit("RATE_LIMIT_DRAFTS_PER_SESSION", 120), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_DRAFTS_PER_IP", 600), windowMs: minute },
    },
    sessions: {
      ip: { limit: readLimit("RATE_LIMIT_SESSIONS_PER_IP", 60), windowMs: minute },
    },
  };
}

/**
 * Which limited endpoint a request is, if any. Completing an upload counts
 * as an upload call; retrying a failed order is an order.
 */
export function getLimitedEndpoint(method: string, pathname: string): "uploads" | "orders" | "drafts" | null {
  if (method === "PUT" && pathname === "/api/draft") return "drafts";
  if (method !== "POST") return null;
  if (pathname === "/api/orders" || /^\/api\/orders\/[^/]+\/retry$/.test(pathname)) return "orders";
  if (pathname === "/api/uploads" || /^\/api\/uploads\/[^/]+\/complete$/.test(pathname)) return "uploads";
  return null;
}
