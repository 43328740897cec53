import type { WorkerView } from "../contracts/admin";
import { getDb } from "./db";

/** A worker not seen for this many heartbeats is lost. */
export const LOST_AFTER_HEARTBEATS = 3;
/** Workers stopped or lost longer ago than this are no longer listed. */
const LIST_HOURS = 24;

type HeartbeatRow = { state: string; lastSeenAt: Date; intervalMs: number };

export function isWorkerLost(row: HeartbeatRow, now: Date): boolean {
  return row.state !== "stopped" && now.getTime() - row.lastSeenAt.getTime() > LOST_AFTER_HEARTBEATS * row.intervalMs;
}

/** Every worker seen in the last 24 hours, live ones first. */
export async function listWorkers(now = new Date()): Promise<{ items: WorkerView[] }> {
  const rows = await getDb().workerHeartbeat.findMany({
    where: { lastSeenAt: { gte: new Date(now.getTime() - LIST_HOURS * 3_600_000) } },
    orderBy: [{ lastSeenAt: "desc" }],
  });
  const items = rows.map((row) => {
    const lost = isWorkerLost(row, now);
    return {
      host: row.host,
      version: row.version,
      state: row.state as WorkerView["state"],
      orderId: row.state === "rendering" ? row.orderId : null,
      startedAt: row.startedAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      rendersDone: row.rendersDone,
      rendersFailed: row.rendersFailed,
      lost,
    };
  });
  items.sort((a, b) => Number(a.lost || a.state === "stopped") - Number(b.lost || b.state === "stopped"));
  return { items };
}

/** Workers running now (heartbeating, not stopped) and how many of them are rendering. */
export async function countLiveWorkers(now = new Date()): Promise<{ workers: number; rendering: number }> {
  const { items } = await listWorkers(now);
  const live = items.filter((w) => !w.lost && w.state !== "stopped");
  return { workers: live.length, rendering: live.filter((w) => w.state === "rendering").length };
}
