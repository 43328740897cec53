import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { rateLimitSchema, readDatabaseUrl, readSettings } from "../../platform/config";

// Fixed-window request counting. The web app counts in Postgres (the table
// `rate_limits`, created by a migration), so every web instance behind the
// load balancer sees the same counts; should Postgres not answer, each
// process counts in its own memory meanwhile (rate-limiter-flexible's
// insurance limiter) rather than refuse or wave everyone through.

export type RateLimitRule = { limit: number; windowMs: number };
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** What proxy.ts asks of a limiter. */
export interface RateLimiter {
  /** Counts one request (or failure) for `key` under `rule`. */
  hit(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Counts nothing: null while `key` is under `rule`'s limit, else the seconds until its window ends. */
  retryAfter(key: string, rule: RateLimitRule): Promise<number | null>;
}

/** The table migrations create (prisma/migrations/*_rate_limits): key, points, expire (epoch ms). */
export const RATE_LIMIT_TABLE = "rate_limits";

const secondsLeft = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

function toResult(res: RateLimiterRes, rule: RateLimitRule): RateLimitResult {
  if (res.consumedPoints <= rule.limit) return { ok: true };
  return { ok: false, retryAfterSeconds: secondsLeft(res) };
}

type LimiterOptions = { points: number; duration: number };

/**
 * Fixed-window counting with rate-limiter-flexible, one of its limiters per
 * rule (limit and window); a refused request still counts, so hammering
 * does not reopen the window. Subclasses say where the counts live.
 */
abstract class FlexibleRateLimiter implements RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  protected abstract create(options: LimiterOptions): RateLimiterAbstract;

  private limiterFor(rule: RateLimitRule): RateLimiterAbstract {
    const id = `${rule.limit}/${rule.windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) this.limiters.set(id, (limiter = this.create({ points: rule.limit, duration: rule.windowMs / 1000 })));
    return limiter;
  }

  async hit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
    try {
      return toResult(await this.limiterFor(rule).consume(key), rule);
    } catch (refusal: unknown) {
      if (refusal instanceof RateLimiterRes) return toResult(refusal, rule);
      throw refusal;
    }
  }

  async retryAfter(key: string, rule: RateLimitRule): Promise<number | null> {
    const res = await this.limiterFor(rule).get(key);
    return res && res.consumedPoints >= rule.limit && res.msBeforeNext > 0 ? secondsLeft(res) : null;
  }
}

/** Counts in Postgres, shared by every process on the same database; in memory while it does not answer. */
export class PostgresRateLimiter extends FlexibleRateLimiter {
  constructor(private readonly pool: pg.Pool) {
    super();
  }

  protected create(options: LimiterOptions) {
    return new RateLimiterPostgres({
      ...options,
      storeClient: this.pool,
      storeType: "pool",
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true, // by the migration, not at run time
      keyPrefix: "rl",
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}

/** The same counting in this process's memory only (tests, or one process with no database). */
export class MemoryRateLimiter extends FlexibleRateLimiter {
  protected create(options: LimiterOptions) {
    return new RateLimiterMemory(options);
  }
}

/**
 * The web app's limiter: shared through Postgres at `databaseUrl` (a small
 * pool of its own, RATE_LIMIT_DB_POOL connections, default 3).
 */
export function createRateLimiter(databaseUrl: string = readDatabaseUrl()): RateLimiter {
  if (!databaseUrl) throw new Error("Missing environment variable DATABASE_URL (the rate limits are kept in Postgres)");
  // A database that hangs must not hold requests: after 2 s a hit counts in memory instead.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: readLimit("RATE_LIMIT_DB_POOL"),
    connectionTimeoutMillis: 2000,
    query_timeout: 2000,
  });
  // An idle connection that drops (database restart) must not crash the process.
  pool.on("error", () => undefined);
  return new PostgresRateLimiter(pool);
}

/** One limit of rateLimitSchema (lib/platform/config.ts), read when asked for: tests change them. */
function readLimit(name: keyof typeof rateLimitSchema.shape): number {
  return readSettings(rateLimitSchema)[name];
}

/**
 * Limits per minute for the endpoints that create things (env, defaults):
 *   RATE_LIMIT_UPLOADS_PER_SESSION 300, RATE_LIMIT_UPLOADS_PER_IP 1200,
 *   RATE_LIMIT_ORDERS_PER_SESSION 20,   RATE_LIMIT_ORDERS_PER_IP 120,
 *   RATE_LIMIT_DRAFTS_PER_SESSION 120,  RATE_LIMIT_DRAFTS_PER_IP 600,
 *   RATE_LIMIT_DEVICE_LINKS_PER_SESSION 10, RATE_LIMIT_DEVICE_LINKS_PER_IP 60
 *   (making a "continue on another device" link, and using one),
 *   RATE_LIMIT_SESSIONS_PER_IP 60 (new sessions: page loads without a
 *   cookie and POST /api/session; without it, dropping the cookie would
 *   escape every per-session limit);
 * and wrong admin credentials per address, RATE_LIMIT_ADMIN_FAILURES_PER_IP
 * 10 in ADMIN_FAILURE_WINDOW_SECONDS 600: then every admin request from
 * that address, right or wrong, is refused until the window ends
 * (otherwise a guesser would still learn the password when it is hit).
 * A 100-photo story makes 200 upload calls (create + complete per photo)
 * plus music and retries, so it fits in one minute's upload allowance.
 */
export function getRateLimitRules() {
  const minute = 60_000;
  return {
    uploads: {
      session: { limit: readLimit("RATE_LIMIT_UPLOADS_PER_SESSION"), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_UPLOADS_PER_IP"), windowMs: minute },
    },
    orders: {
      session: { limit: readLimit("RATE_LIMIT_ORDERS_PER_SESSION"), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_ORDERS_PER_IP"), windowMs: minute },
    },
    drafts: {
      session: { limit: readLimit("RATE_LIMIT_DRAFTS_PER_SESSION"), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_DRAFTS_PER_IP"), windowMs: minute },
    },
    sessions: {
      ip: { limit: readLimit("RATE_LIMIT_SESSIONS_PER_IP"), windowMs: minute },
    },
    deviceLinks: {
      session: { limit: readLimit("RATE_LIMIT_DEVICE_LINKS_PER_SESSION"), windowMs: minute },
      ip: { limit: readLimit("RATE_LIMIT_DEVICE_LINKS_PER_IP"), windowMs: minute },
    },
    adminFailures: {
      ip: { limit: readLimit("RATE_LIMIT_ADMIN_FAILURES_PER_IP"), windowMs: readLimit("ADMIN_FAILURE_WINDOW_SECONDS") * 1000 },
    },
  };
}

/**
 * Which limited endpoint a request is, if any. Completing an upload counts
 * as an upload call; retrying a failed order is an order; copying an order
 * into the draft is a draft save.
 */
export function getLimitedEndpoint(method: string, pathname: string): "uploads" | "orders" | "drafts" | "deviceLinks" | null {
  if (method === "PUT" && pathname === "/api/draft") return "drafts";
  if (method !== "POST") return null;
  if (/^\/api\/orders\/[^/]+\/copy$/.test(pathname)) return "drafts";
  if (pathname === "/api/session/links" || pathname === "/api/session/join") return "deviceLinks";
  if (pathname === "/api/orders" || /^\/api\/orders\/[^/]+\/retry$/.test(pathname)) return "orders";
  if (pathname === "/api/uploads" || /^\/api\/uploads\/[^/]+\/complete$/.test(pathname)) return "uploads";
  return null;
}
