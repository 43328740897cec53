import { randomUUID } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresRateLimiter, RATE_LIMIT_TABLE, createRateLimiter } from "../../lib/server/security/rate-limit";

// The Postgres store of the rate limits on the real database (the table
// comes from the migration), with one pool per limiter as in two web
// processes. The two-process test through real web servers is
// e2e/shared-limits.spec.ts.

const pools: pg.Pool[] = [];
const newPool = (connectionString = process.env.DATABASE_URL!) => {
  const pool = new pg.Pool({ connectionString, max: 2, connectionTimeoutMillis: 2000 });
  pool.on("error", () => undefined);
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe("PostgresRateLimiter", () => {
  const rule = { limit: 4, windowMs: 60_000 };

  it("uses the table the migration made, with the columns the store writes", async () => {
    const { rows } = await newPool().query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
      [RATE_LIMIT_TABLE],
    );
    expect(rows.map((row) => row.column_name)).toEqual(["key", "points", "expire"]);
  });

  it("shares one count between limiters on separate connections", async () => {
    const a = new PostgresRateLimiter(newPool());
    const b = new PostgresRateLimiter(newPool());
    const key = `test:${randomUUID()}`;
    const results = [await a.hit(key, rule), await b.hit(key, rule), await a.hit(key, rule), await b.hit(key, rule)];
    expect(results.every((result) => result.ok)).toBe(true);
    const refused = await a.hit(key, rule);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((await b.hit(key, rule)).ok).toBe(false);
    // Another key has its own count.
    expect((await b.hit(`${key}:other`, rule)).ok).toBe(true);
  });

  it("retryAfter reads the shared count without adding to it (the admin failure throttle)", async () => {
    const a = new PostgresRateLimiter(newPool());
    const b = new PostgresRateLimiter(newPool());
    const key = `admin-failures:ip:${randomUUID()}`;
    const failures = { limit: 2, windowMs: 60_000 };
    expect(await b.retryAfter(key, failures)).toBeNull();
    await a.hit(key, failures);
    expect(await b.retryAfter(key, failures)).toBeNull();
    expect(await b.retryAfter(key, failures)).toBeNull();
    await b.hit(key, failures);
    // Two failures, one in each process: both now refuse, for the rest of the window.
    expect(await a.retryAfter(key, failures)).toBeGreaterThanOrEqual(59);
    expect(await b.retryAfter(key, failures)).toBeGreaterThanOrEqual(59);
  });

  it("counts concurrent hits exactly (the upsert is atomic)", async () => {
    const a = new PostgresRateLimiter(newPool());
    const b = new PostgresRateLimiter(newPool());
    const key = `test:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hit(key, rule)));
    expect(results.filter((result) => result.ok)).toHaveLength(rule.limit);
  });

  it("opens again once the window has passed", async () => {
    const limiter = new PostgresRateLimiter(newPool());
    const key = `test:${randomUUID()}`;
    const short = { limit: 1, windowMs: 1000 };
    expect((await limiter.hit(key, short)).ok).toBe(true);
    expect((await limiter.hit(key, short)).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await limiter.hit(key, short)).ok).toBe(true);
  });

  it("keeps limiting in process memory while the database does not answer", async () => {
    // A port nothing listens on: every query fails to connect.
    const limiter = new PostgresRateLimiter(newPool("postgresql://postgres:postgres@127.0.0.1:9/reelmaker"));
    const key = `test:${randomUUID()}`;
    const results = [];
    for (let i = 0; i < rule.limit + 1; i += 1) results.push(await limiter.hit(key, rule));
    expect(results.slice(0, rule.limit).every((result) => result.ok)).toBe(true);
    expect(results.at(-1)?.ok).toBe(false);
  });

  it("does not hold requests when the database accepts connections but never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const limiter = createRateLimiter(`postgresql://postgres:postgres@127.0.0.1:${port}/reelmaker`);
      const key = `test:${randomUUID()}`;
      const startedAt = Date.now();
      expect(await limiter.hit(key, { limit: 1, windowMs: 60_000 })).toEqual({ ok: true });
      expect((await limiter.hit(key, { limit: 1, windowMs: 60_000 })).ok).toBe(false);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
