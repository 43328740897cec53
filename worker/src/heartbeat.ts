import { readFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "../../lib/platform/db";
import { recordFleetSample } from "../../lib/platform/fleet-sample";
import { log } from "../../lib/platform/log";
import type { AttemptOutcome } from "./figures";

const WORKER_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
})();

/**
 * The worker's row in WorkerHeartbeat (host, version, idle/rendering, the
 * order in hand, renders done/failed), written every `intervalMs` and at
 * each change of state; the console calls a worker lost after 3 missed
 * beats. Each beat also offers a FleetSample (one per 15 s across the
 * fleet). A failed write is logged and retried on the next beat.
 */
export class WorkerHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private state: "idle" | "rendering" | "stopped" = "idle";
  private orderId: string | null = null;
  private done = 0;
  private failed = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date();

  constructor(
    private readonly options: {
      host: string;
      /** Time between beats. Default 5000 (WORKER_HEARTBEAT_SECONDS=5). */
      intervalMs?: number;
      /** Whether beats also record fleet samples. Default true. */
      recordsSamples?: boolean;
    },
  ) {}

  get intervalMs(): number {
    return this.options.intervalMs ?? 5000;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  rendering(orderId: string): void {
    this.state = "rendering";
    this.orderId = orderId;
    void this.beat();
  }

  idle(outcome: AttemptOutcome): void {
    if (outcome === "done") this.done += 1;
    else if (outcome === "failed" || outcome === "retry") this.failed += 1;
    this.state = "idle";
    this.orderId = null;
    void this.beat();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = "stopped";
    this.orderId = null;
    await this.beat();
  }

  /** Writes one beat; beats never overlap (a slow database delays the next, never doubles it). */
  beat(): Promise<void> {
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    const now = new Date();
    const row = {
      version: WORKER_VERSION,
      startedAt: this.startedAt,
      state: this.state,
      orderId: this.orderId,
      lastSeenAt: now,
      intervalMs: this.intervalMs,
      rendersDone: this.done,
      rendersFailed: this.failed,
    };
    try {
      await getDb().workerHeartbeat.upsert({
        where: { host: this.options.host },
        create: { host: this.options.host, ...row },
        update: row,
      });
      if (this.state !== "stopped" && this.options.recordsSamples !== false) await recordFleetSample({ now });
    } catch (error: unknown) {
      log.warn({ err: error }, "worker.heartbeat_write_failed");
    }
  }
}
