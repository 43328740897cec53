import { desiredWorkers, initialFleetState, type FleetState } from "../../lib/fleet/desired-workers";
import type { SupervisedPart } from "../supervisor";
import type { QueueStats } from "./queue-stats";
import type { FleetSettings } from "./settings";

type Member = { part: SupervisedPart; slot: number; busy: boolean; orderId?: string };

export type WorkerFleetOptions = {
  settings: FleetSettings;
  /** Starts worker number `slot`, supervised; `onActivity` gets what it reports over IPC. */
  startWorker: (slot: number, hooks: { onActivity: (activity: { busy: boolean; orderId?: string }) => void; onStart: () => void }) => SupervisedPart;
  readStats: () => Promise<QueueStats>;
  /** Told the policy's answer on every tick (for the console's `fleet.desired`). Default: nothing. */
  onDecision?: (desired: number) => void;
  log: { info: (fields: object, event: string) => void; warn: (fields: object, event: string) => void };
  now?: () => number;
};

/**
 * The launcher's render workers. Fixed (WORKERS=n): n supervised workers.
 * Auto (WORKERS=auto): every intervalSeconds the Encode Master's policy
 * (lib/fleet/desired-workers.ts) is asked how many should run, from the
 * queue counts and the recent render time; new workers are started at once,
 * and surplus ones retire: idle ones first, and a busy one finishes its
 * order before it exits, so scale-in never cuts a render.
 */
export class WorkerFleet {
  private readonly options: WorkerFleetOptions;
  private readonly members = new Set<Member>();
  private nextSlot = 1;
  private state: FleetState = initialFleetState();
  private timer: NodeJS.Timeout | null = null;
  private isStopped = false;
  private tickRunning: Promise<void> | null = null;

  constructor(options: WorkerFleetOptions) {
    this.options = options;
  }

  /** Workers not asked to leave. */
  get active(): number {
    return [...this.members].filter((m) => !m.part.isLeaving).length;
  }

  start(): void {
    const { settings } = this.options;
    if (settings.mode === "fixed") {
      this.grow(settings.count);
      return;
    }
    const loop = () => {
      if (this.isStopped) return;
      this.tickRunning = this.tick().finally(() => {
        this.tickRunning = null;
        if (!this.isStopped) this.timer = setTimeout(loop, settings.intervalSeconds * 1000);
      });
    };
    loop();
  }

  /** One round of the Encode Master (exposed for tests). */
  async tick(): Promise<void> {
    const { settings, log } = this.options;
    if (settings.mode !== "auto") return;
    let stats: QueueStats;
    try {
      stats = await this.options.readStats();
    } catch (error: unknown) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "fleet.read_failed");
      return;
    }
    if (this.isStopped) return;
    const running = this.active;
    const decision = desiredWorkers(
      {
        visible: stats.visible,
        inFlight: stats.inFlight,
        running,
        averageRenderSeconds: stats.averageRenderSeconds,
        targetWaitSeconds: settings.targetWaitSeconds,
        min: settings.min,
        max: settings.max,
        nowMs: (this.options.now ?? Date.now)(),
        scaleOutCooldownSeconds: settings.scaleOutCooldownSeconds,
        scaleInCooldownSeconds: settings.scaleInCooldownSeconds,
      },
      this.state,
    );
    this.state = decision.state;
    this.options.onDecision?.(decision.desired);
    if (decision.desired === running) return;
    const busy = [...this.members].filter((m) => !m.part.isLeaving && m.busy).length;
    let to = decision.desired;
    if (decision.desired > running) {
      // Retiring workers still hold their core until their order is done.
      const leaving = this.members.size - running;
      to = Math.max(running, Math.min(decision.desired, settings.max - leaving));
      if (to === running) {
        log.info({ running, desired: decision.desired, leaving, max: settings.max }, "fleet.scale_out_deferred");
        return;
      }
      this.grow(to - running);
    } else {
      this.shrink(running - decision.desired);
    }
    log.info(
      {
        from: running,
        to,
        desired: decision.desired,
        action: decision.action,
        reason: decision.reason,
        visible: stats.visible,
        inFlight: stats.inFlight,
        averageRenderSeconds: stats.averageRenderSeconds === null ? null : Math.round(stats.averageRenderSeconds * 10) / 10,
        renderSamples: stats.renderSamples,
        backlogPerWorker: Math.round(decision.backlogPerWorker * 100) / 100,
        targetWaitSeconds: settings.targetWaitSeconds,
        min: settings.min,
        max: settings.max,
        busy,
      },
      "fleet.scaled",
    );
  }

  private grow(count: number) {
    for (let i = 0; i < count; i += 1) {
      const slot = this.nextSlot++;
      const member: Member = { slot, busy: false } as Member;
      member.part = this.options.startWorker(slot, {
        onActivity: (activity) => {
          member.busy = activity.busy;
          member.orderId = activity.orderId;
        },
        onStart: () => {
          member.busy = false;
          member.orderId = undefined;
        },
      });
      this.members.add(member);
      void member.part.ended.then(() => this.members.delete(member));
    }
  }

  /** Retires `count` workers: idle ones first, then the newest. */
  private shrink(count: number) {
    const candidates = [...this.members]
      .filter((m) => !m.part.isLeaving)
      .sort((a, b) => Number(a.busy) - Number(b.busy) || b.slot - a.slot)
      .slice(0, count);
    for (const member of candidates) void member.part.retire();
  }

  /** Stops the policy and every worker (SIGTERM: a render in hand is released to the queue). */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tickRunning;
    await Promise.all([...this.members].map((m) => m.part.stop()));
  }
}
