import { readFileSync } from "node:fs";
import { getDb } from "../../lib/platform/db";
import { log } from "../../lib/platform/log";

// The figures a worker records per order and per attempt (queue wait,
// render and upload time, CPU seconds, frames, output size, the attempts
// history), written next to the order so the console and /api/admin/stats
// read them from Postgres.

/** Linux's USER_HZ: /proc reports CPU times in 1/100 s on every architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) of this process and of its children it has
 * waited for, from /proc/self/stat (fields 14–17: utime, stime, cutime,
 * cstime). Node cannot read wait4()'s rusage, but the kernel adds a child's
 * whole CPU time to the parent's cutime/cstime when the child is reaped,
 * and libuv reaps ffmpeg as soon as it exits: so the difference of two
 * readings around a render is the CPU of Node (all its threads: sharp,
 * WebAssembly, libuv) plus every ffmpeg it ran. Null off Linux.
 */
export function readProcessTreeCpuSeconds(statFile = "/proc/self/stat"): number | null {
  let text: string;
  try {
    text = readFileSync(statFile, "utf8");
  } catch {
    return null;
  }
  return parseProcStatCpuSeconds(text);
}

/** Parses a /proc/<pid>/stat line (the command name may hold spaces and parentheses). */
export function parseProcStatCpuSeconds(stat: string): number | null {
  const end = stat.lastIndexOf(")");
  if (end < 0) return null;
  // After "pid (comm) " the fields start at field 3 (state).
  const fields = stat.slice(end + 2).trim().split(/\s+/);
  const ticks = [11, 12, 13, 14].map((i) => Number(fields[i])); // fields 14..17
  if (ticks.some((t) => !Number.isFinite(t))) return null;
  return ticks.reduce((sum, t) => sum + t, 0) / CLOCK_TICKS_PER_SECOND;
}

export type AttemptOutcome = "done" | "failed" | "retry" | "canceled" | "released" | "skipped";

/**
 * One attempt's stopwatch and its row in OrderAttempt. The consumer makes
 * one per message; processOrder reports the phases (claimed, encoded,
 * uploaded) and the consumer the outcome. Writes are best effort: a figure
 * that cannot be written must not fail a render.
 */
export class AttemptFigures {
  private attemptId: number | null = null;
  private orderId: string | null = null;
  private readonly cpuAtStart = readProcessTreeCpuSeconds();
  private encodeStartedAt = 0;
  private encodedAt = 0;
  private uploadedAt = 0;
  frames: number | null = null;
  outputBytes: number | null = null;

  constructor(private readonly host: string) {}

  /** The order was claimed as attempt `number`; `queueWaitMs` is set on the first pick-up since it was queued. */
  async claimed(input: { orderId: string; number: number }): Promise<void> {
    this.orderId = input.orderId;
    this.encodeStartedAt = Date.now();
    try {
      const row = await getDb().orderAttempt.create({ data: { orderId: input.orderId, number: input.number, host: this.host } });
      this.attemptId = row.id;
    } catch (error: unknown) {
      log.warn({ orderId: input.orderId, err: error }, "figures.attempt_write_failed");
    }
  }

  encoded(input: { frames: number }): void {
    this.encodedAt = Date.now();
    this.frames = input.frames;
  }

  uploaded(input: { outputBytes: number }): void {
    this.uploadedAt = Date.now();
    this.outputBytes = input.outputBytes;
  }

  get renderMs(): number | null {
    return this.encodedAt ? this.encodedAt - this.encodeStartedAt : null;
  }

  get uploadMs(): number | null {
    return this.uploadedAt && this.encodedAt ? this.uploadedAt - this.encodedAt : null;
  }

  /** CPU seconds of the process tree since this attempt began (null off Linux). */
  cpuSeconds(): number | null {
    const now = readProcessTreeCpuSeconds();
    return now === null || this.cpuAtStart === null ? null : Math.round((now - this.cpuAtStart) * 100) / 100;
  }

  /** The fields the "done" update of the order carries. */
  orderFields() {
    return { renderMs: this.renderMs, uploadMs: this.uploadMs, frames: this.frames, outputBytes: this.outputBytes };
  }

  /** Ends the attempt's row and adds its CPU time to the order's. Never throws. */
  async finish(outcome: AttemptOutcome, errorDetail?: string): Promise<void> {
    if (!this.orderId) return;
    const cpuSeconds = this.cpuSeconds();
    try {
      const db = getDb();
      const orderId = this.orderId;
      // One transaction: whoever sees the attempt ended sees its CPU in the order's total too.
      await db.$transaction([
        ...(this.attemptId !== null
          ? [
              db.orderAttempt.update({
                where: { id: this.attemptId },
                data: { endedAt: new Date(), outcome, errorDetail: errorDetail?.slice(0, 2000) ?? null, renderMs: this.renderMs, uploadMs: this.uploadMs, cpuSeconds },
              }),
            ]
          : []),
        ...(cpuSeconds !== null ? [db.order.update({ where: { id: orderId }, data: { cpuSeconds: { increment: cpuSeconds } } })] : []),
      ]);
    } catch (error: unknown) {
      log.warn({ orderId: this.orderId, err: error }, "figures.attempt_write_failed");
    }
  }
}

/**
 * The pick-up fields of a claim: set on the first pick-up since the order
 * was queued (a redelivery after a crash keeps the first). The wait runs
 * from acceptance (createdAt) for a new order, from its re-queueing
 * (enqueuedAt) for one an operator retried or redrove.
 */
export function pickUpFields(
  order: { pickedUpAt: Date | null; attempts: number; createdAt: Date; enqueuedAt: Date | null },
  now: Date,
): { pickedUpAt?: Date; queueWaitMs?: number } {
  if (order.pickedUpAt) return {};
  const since = order.attempts === 0 ? order.createdAt : (order.enqueuedAt ?? order.createdAt);
  return { pickedUpAt: now, queueWaitMs: Math.max(0, now.getTime() - since.getTime()) };
}
