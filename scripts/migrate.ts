import path from "node:path";
import { readDatabaseUrl } from "../lib/platform/config";
import { applyMigrations } from "../lib/platform/migrate";
import { log } from "../lib/platform/log";

// Applies the migrations in prisma/migrations to the database the
// environment names (DATABASE_URL, or the DB_* fields of the RDS secret) and
// exits: the one-off migration task of deploy/aws runs this, in the worker
// image. Exit status 0 when the database is up to date.
// Plain Node (it imports only lib/platform), as MIGRATE_COMMAND in deploy/aws says.
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "prisma", "migrations");
try {
  const applied = await applyMigrations({ databaseUrl: readDatabaseUrl(), migrationsDir: MIGRATIONS_DIR });
  log.info({ applied }, "migrations.applied");
  process.exit(0);
} catch (error: unknown) {
  log.error({ err: error }, "migrations.failed");
  process.exit(1);
}
