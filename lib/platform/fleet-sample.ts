import type { QueueDepth } from "../contracts/order";
import { getQueueDepth } from "./render-queue";
import { getDb } from "./db";
import { log } from "./log";
import { countLiveWorkers } from "./workers";

/** One FleetSample row per slot of this many seconds. */
export const FLEET_SAMPLE_SECONDS = 15;
/** Samples older than this are deleted (the console's longest window is 7 days). */
export const FLEET_SAMPLE_KEEP_DAYS = 8;

export const fleetSlot = (at: Date) => Math.floor(at.getTime() / 1000 / FLEET_SAMPLE_SECONDS);

/**
 * Records the queue's depth and the live workers for the current 15-second
 * slot, unless that slot has its sample already. Every worker's heartbeat
 * and every call of /api/admin/stats try it, so history is kept while any
 * worker runs or anyone watches the console, and a slot is written once
 * however many try (the slot is the primary key). Returns whether it wrote.
 */
export async function recordFleetSample(input: { now?: Date; queue?: QueueDepth | null } = {}): Promise<boolean> {
  const now = input.now ?? new Date();
  const slot = fleetSlot(now);
  const db = getDb();
  if (await db.fleetSample.findUnique({ where: { slot }, select: { slot: true } })) return false;
  const queue =
    input.queue !== undefined
      ? input.queue
      : await getQueueDepth().catch((error: unknown) => {
          log.warn({ err: error }, "fleet.queue_depth_failed");
          return null;
        });
  const workers = await countLiveWorkers(now);
  const { count } = await db.fleetSample.createMany({
    data: [{ slot, at: now, visible: queue?.visible ?? null, inFlight: queue?.inFlight ?? null, deadLetter: queue?.deadLetter ?? null, ...workers }],
    skipDuplicates: true,
  });
  if (count > 0 && slot % 240 === 0) {
    // Once an hour or so: forget what no window shows any more.
    await db.fleetSample.deleteMany({ where: { at: { lt: new Date(now.getTime() - FLEET_SAMPLE_KEEP_DAYS * 86_400_000) } } });
  }
  return count > 0;
}
