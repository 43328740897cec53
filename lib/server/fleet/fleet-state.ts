import "server-only";
import { getDb } from "../../platform/db";

/** A desired count older than this is stale (its reporter stopped): shown as unknown. */
const DESIRED_FRESH_MS = 120_000;
export const LAUNCHER_FLEET_KEY = "launcher";

/**
 * What the fleet manager wants running. scripts/launch.ts's autoscaler
 * (WORKERS=auto) reports it with setDesiredWorkers on every decision; null
 * when nothing reports or the last report is stale.
 */
export async function getDesiredWorkers(now = new Date()): Promise<number | null> {
  const row = await getDb().fleetState.findUnique({ where: { key: LAUNCHER_FLEET_KEY } });
  if (!row || row.desired === null || now.getTime() - row.updatedAt.getTime() > DESIRED_FRESH_MS) return null;
  return row.desired;
}

/** For the fleet manager: records the number of workers it wants now. */
export async function setDesiredWorkers(desired: number | null): Promise<void> {
  await getDb().fleetState.upsert({
    where: { key: LAUNCHER_FLEET_KEY },
    create: { key: LAUNCHER_FLEET_KEY, desired },
    update: { desired, updatedAt: new Date() },
  });
}
