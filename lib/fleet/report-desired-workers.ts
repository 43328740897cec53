import pg from "pg";

// For a fleet manager outside the web app (scripts/launch.ts's autoscaler,
// WORKERS=auto): records how many workers it wants, for the console's
// `fleet.desired`. Plain `pg`, no "server-only", so the launcher can import
// it. Report on every decision: a report older than 2 minutes reads as
// unknown (lib/server/fleet/fleet-state.ts).

const UPSERT = `INSERT INTO "FleetState" ("key", "desired", "updatedAt") VALUES ('launcher', $1, now())
  ON CONFLICT ("key") DO UPDATE SET "desired" = EXCLUDED."desired", "updatedAt" = EXCLUDED."updatedAt"`;

export async function reportDesiredWorkers(input: { databaseUrl: string; desired: number | null }): Promise<void> {
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    await client.query(UPSERT, [input.desired]);
  } finally {
    await client.end();
  }
}
