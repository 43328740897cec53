import path from "node:path";
import { readDatabaseUrl } from "../lib/server/config";
import { applyMigrations } from "../lib/server/db/migrate";
import { log } from "../lib/server/log";

// Applies the migrations in prisma/migrations to the database the
// environment names (DATABASE_URL, or the DB_* fields of the RDS secret) and
// exits: the one-off migration task of deploy/aws runs this, in the worker
// image. Exit status 0 when the database is up to date.
// Run with `--conditions=react-server` (lib/server is "server-only"), as MIGRATE_COMMAND in deploy/aws says.
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "prisma", "migrations");
try {
  const applied = await applyMigrations({ databaseUrl: readDatabaseUrl(), migrationsDir: MIGRATIONS_DIR });
  log.info({ applied }, "migrations.applied");
  process.exit(0);
} catch (error: unknown) {
  log.error({ err: error }, "migrations.failed");
  process.exit(1);
}
