import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SupervisedPart } from "../supervisor";
import type { QueueStats } from "./queue-stats";
import type { FleetSettings } from "./settings";
import { WorkerFleet } from "./worker-fleet";

/** A stand-in child process: records what it was sent, exits when told to. */
class FakeChild extends EventEmitter {
  pid = Math.floor(Math.random() * 1e6);
  connected = true;
  sent: unknown[] = [];
  killed: string[] = [];
  send(message: unknown) {
    this.sent.push(message);
    return true;
  }
  kill(signal: string) {
    this.killed.push(signal);
    setImmediate(() => this.emit("exit", null, signal));
    return true;
  }
  exit(code: number) {
    this.emit("exit", code, null);
  }
}

const settings: FleetSettings = {
  mode: "auto",
  min: 0,
  max: 2,
  targetWaitSeconds: 10,
  intervalSeconds: 1,
  scaleOutCooldownSeconds: 0,
  scaleInCooldownSeconds: 5,
  niceness: 10,
};

function makeFleet(readings: QueueStats[], onDecision?: (desired: number) => void) {
  const children: FakeChild[] = [];
  const activity = new Map<number, (a: { busy: boolean; orderId?: string }) => void>();
  const logs: { fields: Record<string, unknown>; event: string }[] = [];
  let now = 0;
  let reading = 0;
  const fleet = new WorkerFleet({
    settings,
    onDecision,
    now: () => now,
    readStats: async () => readings[Math.min(reading++, readings.length - 1)],
    log: { info: (fields, event) => logs.push({ fields: fields as Record<string, unknown>, event }), warn: (fields, event) => logs.push({ fields: fields as Record<string, unknown>, event }) },
    startWorker: (slot, hooks) => {
      activity.set(slot, hooks.onActivity);
      return new SupervisedPart({
        name: `worker ${slot}`,
        start: () => {
          const child = new FakeChild();
          children.push(child);
          return child as unknown as ChildProcess;
        },
        onStart: hooks.onStart,
        report: () => undefined,
      });
    },
  });
  return { fleet, children, activity, logs, advance: (ms: number) => (now += ms) };
}

const stats = (visible: number, inFlight = 0): QueueStats => ({ visible, inFlight, averageRenderSeconds: 20, renderSamples: 5 });

describe("WorkerFleet", () => {
  it("reports the policy's answer on every tick, also when nothing changes (the console's fleet.desired)", async () => {
    const decisions: number[] = [];
    const { fleet, advance } = makeFleet([stats(6), stats(6), stats(0)], (desired) => decisions.push(desired));
    await fleet.tick();
    advance(1000);
    await fleet.tick();
    expect(decisions).toEqual([2, 2]);
    await fleet.stop();
  });

  it("scales 0 → 2 on a burst, logs fleet.scaled with its inputs, and retires idle workers first after the window", async () => {
    const { fleet, children, activity, logs, advance } = makeFleet([stats(6), stats(4, 2), stats(0, 1), ...Array(10).fill(stats(0))]);
    await fleet.tick();
    expect(fleet.active).toBe(2);
    expect(logs[0]).toMatchObject({ event: "fleet.scaled", fields: { from: 0, to: 2, visible: 6, inFlight: 0, averageRenderSeconds: 20, targetWaitSeconds: 10, min: 0, max: 2 } });
    activity.get(1)!({ busy: true, orderId: "o1" });
    advance(1000);
    await fleet.tick();
    advance(1000);
    await fleet.tick(); // one order in flight: worker 1 busy
    expect(fleet.active).toBe(2);
    // After the 5 s window: one worker (the idle worker 2) retires, worker 1 keeps its order.
    advance(4000);
    await fleet.tick();
    expect(logs.at(-1)).toMatchObject({ fields: { from: 2, to: 1, action: "scale-in", busy: 1 } });
    expect(children[1].sent).toEqual([{ type: "retire" }]);
    expect(children[0].sent).toEqual([]);
    expect(children[0].killed).toEqual([]);
    children[1].exit(0);
    // Worker 1 finishes; the window passes; it retires too — told, never killed.
    activity.get(1)!({ busy: false });
    advance(6000);
    await fleet.tick();
    expect(children[0].sent).toEqual([{ type: "retire" }]);
    expect(children[0].killed).toEqual([]);
    children[0].exit(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fleet.active).toBe(0);
    await fleet.stop();
  });

  it("keeps counting a retiring worker against max until it exits", async () => {
    const { fleet, children, logs, advance } = makeFleet([stats(6), ...Array(3).fill(stats(0)), stats(20)]);
    await fleet.tick();
    for (let i = 0; i < 3; i += 1) {
      advance(3000);
      await fleet.tick();
    }
    expect(fleet.active).toBe(0); // both retiring, neither exited yet
    advance(1000);
    await fleet.tick(); // a new burst: no room until they exit
    expect(children.length).toBe(2);
    expect(logs.at(-1)).toMatchObject({ event: "fleet.scale_out_deferred", fields: { running: 0, desired: 2, leaving: 2 } });
    children.forEach((c) => c.exit(0));
    await new Promise((resolve) => setImmediate(resolve));
    advance(1000);
    await fleet.tick();
    expect(children.length).toBe(4);
    await fleet.stop();
  });

  it("skips a round when the queue cannot be read, and says so", async () => {
    const { fleet, logs } = makeFleet([]);
    (fleet as unknown as { options: { readStats: () => Promise<QueueStats> } }).options.readStats = () => Promise.reject(new Error("SQS down"));
    await fleet.tick();
    expect(fleet.active).toBe(0);
    expect(logs).toEqual([{ event: "fleet.read_failed", fields: { err: "SQS down" } }]);
  });

  it("stop() stops every worker with SIGTERM", async () => {
    const { fleet, children } = makeFleet([stats(6)]);
    await fleet.tick();
    await fleet.stop();
    expect(children.map((c) => c.killed)).toEqual([["SIGTERM"], ["SIGTERM"]]);
  });
});
