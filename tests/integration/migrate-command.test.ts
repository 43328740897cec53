import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { MIGRATE_COMMAND } from "../../deploy/aws/lib/reelmaker-stack";
import { ROOT } from "../../scripts/local-stack";

// The migration task's command (deploy/aws, run in the worker image from
// /app/worker), run here from worker/ against the test database: given the
// RDS secret's fields it connects, finds everything applied and exits 0; a
// database it cannot reach exits 1, which fails the deploy.

function runMigrate(env: Record<string, string>) {
  const [command, ...args] = MIGRATE_COMMAND;
  expect(command).toBe("node");
  return spawnSync(process.execPath, args, {
    cwd: path.join(ROOT, "worker"),
    env: { PATH: process.env.PATH, NODE_ENV: "production", LOG_LEVEL: "info", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

it("applies the migrations from the DB_* fields and exits 0", async () => {
  const url = new URL(process.env.DATABASE_URL!);
  const result = runMigrate({
    DB_HOST: url.hostname,
    DB_PORT: url.port,
    DB_NAME: url.pathname.slice(1),
    DB_USER: decodeURIComponent(url.username),
    DB_PASSWORD: decodeURIComponent(url.password),
    DB_SSLMODE: "disable",
  });
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('"migrations.applied"');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name LIKE '%_rate_limits'`);
  await client.end();
  expect(rows[0].n).toBe(1);
});

it("exits 1 when the database cannot be reached", () => {
  const result = runMigrate({ DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/reelmaker" });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('"migrations.failed"');
});
