import { describe, expect, it } from "vitest";
import {
  DEFAULT_RENDER_SECONDS,
  DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
  backlogPerWorker,
  desiredWorkers,
  initialFleetState,
  type FleetInput,
  type FleetState,
} from "./desired-workers";

const base: FleetInput = {
  visible: 0,
  inFlight: 0,
  running: 0,
  averageRenderSeconds: 20,
  targetWaitSeconds: 60,
  min: 0,
  max: 10,
  nowMs: 0,
  scaleOutCooldownSeconds: 10,
  scaleInCooldownSeconds: 120,
};

/** Runs the policy every `stepSeconds` over a series of queue readings, applying each decision at once. */
function replay(readings: Partial<FleetInput>[], options: { stepSeconds?: number; running?: number } = {}) {
  let state: FleetState = initialFleetState();
  let running = options.running ?? 0;
  return readings.map((reading, i) => {
    const decision = desiredWorkers({ ...base, ...reading, running, nowMs: i * (options.stepSeconds ?? 5) * 1000 }, state);
    state = decision.state;
    running = decision.desired;
    return decision;
  });
}

describe("backlogPerWorker", () => {
  it("is the acceptable wait divided by the render time, at least one order", () => {
    expect(backlogPerWorker(60, 20)).toBe(3);
    expect(backlogPerWorker(60, 600)).toBe(1);
    expect(backlogPerWorker(60, 0)).toBeGreaterThan(1000);
  });
});

describe("desiredWorkers", () => {
  it("keeps an empty queue at min: zero when min is 0, min otherwise", () => {
    expect(desiredWorkers(base, initialFleetState())).toMatchObject({ desired: 0, action: "hold", reason: "steady" });
    expect(desiredWorkers({ ...base, min: 2 }, initialFleetState())).toMatchObject({ desired: 2, action: "scale-out", reason: "min" });
  });

  it("starts one worker for a single order when scaled to zero", () => {
    expect(desiredWorkers({ ...base, visible: 1 }, initialFleetState())).toMatchObject({ desired: 1, action: "scale-out" });
  });

  it("scales out on a spike to busy + waiting ÷ (target wait ÷ render time) in one step, capped at max", () => {
    // 60 s wait / 20 s per order = 3 waiting orders per worker. One worker
    // busy; 18 visible and 2 in flight but on no worker (retry delays) wait: 1 + 20/3 → 8.
    expect(desiredWorkers({ ...base, visible: 18, inFlight: 3, running: 1 }, initialFleetState())).toMatchObject({ desired: 8, action: "scale-out", backlogPerWorker: 3 });
    expect(desiredWorkers({ ...base, visible: 500, running: 1 }, initialFleetState())).toMatchObject({ desired: 10, action: "scale-out", reason: "max" });
  });

  it("keeps a worker for each order in flight: busy workers are not free for the waiting ones", () => {
    // Steady state: six renders under way, nothing waiting: hold all six.
    expect(desiredWorkers({ ...base, visible: 0, inFlight: 6, running: 6 }, initialFleetState())).toMatchObject({ desired: 6, action: "hold", reason: "steady" });
    expect(desiredWorkers({ ...base, visible: 3, inFlight: 6, running: 6 }, initialFleetState())).toMatchObject({ desired: 7, action: "scale-out" });
    // More in flight than workers: the rest wait out a retry delay and count as waiting.
    expect(desiredWorkers({ ...base, visible: 0, inFlight: 6, running: 2 }, initialFleetState()).recommended).toBe(2 + 2);
  });

  it("gives each waiting order its own worker when renders are slower than the target wait", () => {
    const decision = desiredWorkers({ ...base, visible: 4, inFlight: 2, running: 2, averageRenderSeconds: 600 }, initialFleetState());
    expect(decision).toMatchObject({ desired: 6, backlogPerWorker: 1 });
    // The same backlog of quick renders: the two busy workers and one more.
    expect(desiredWorkers({ ...base, visible: 4, inFlight: 2, running: 2, averageRenderSeconds: 5 }, initialFleetState()).recommended).toBe(3);
  });

  it("assumes DEFAULT_RENDER_SECONDS and DEFAULT_TARGET_WAIT_SECONDS when not told", () => {
    const { targetWaitSeconds: _omit, ...rest } = base;
    void _omit;
    const decision = desiredWorkers({ ...rest, averageRenderSeconds: null, visible: 100 , max: 1000 }, initialFleetState());
    expect(decision.backlogPerWorker).toBeCloseTo(DEFAULT_TARGET_WAIT_SECONDS / DEFAULT_RENDER_SECONDS);
    expect(decision.desired).toBe(Math.ceil(100 / decision.backlogPerWorker));
  });

  it("waits out the scale-out cooldown before growing again, but restores min at once", () => {
    const first = desiredWorkers({ ...base, visible: 3, running: 0 }, initialFleetState());
    expect(first.desired).toBe(1);
    const soon = desiredWorkers({ ...base, visible: 30, running: 1, nowMs: 5000 }, first.state);
    expect(soon).toMatchObject({ desired: 1, action: "hold", reason: "scale-out-cooldown" });
    const later = desiredWorkers({ ...base, visible: 30, running: 1, nowMs: 10_000 }, soon.state);
    expect(later).toMatchObject({ desired: 10, action: "scale-out" });
    // A worker lost below min is replaced whatever the cooldown.
    expect(desiredWorkers({ ...base, min: 2, running: 1, nowMs: 11_000 }, later.state)).toMatchObject({ desired: 2, action: "scale-out" });
  });

  it("scales in only after the window, and only to the largest size asked for within it", () => {
    // A spike of 30 orders, then the queue drains to 3 and to 0.
    const readings = [{ visible: 30 }, ...Array(10).fill({ visible: 3 }), ...Array(40).fill({ visible: 0 })];
    const decisions = replay(readings, { stepSeconds: 5 });
    const sizes = decisions.map((d) => d.desired);
    expect(sizes[0]).toBe(10);
    // Held for the whole 120 s window after the scale-out.
    expect(sizes.slice(0, 24).every((n) => n === 10)).toBe(true);
    expect(decisions[24]).toMatchObject({ action: "scale-in" });
    expect(sizes.at(-1)).toBe(0);
    // Never below what the last window asked for: the size only falls.
    for (let i = 1; i < sizes.length; i += 1) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
  });

  it("does not flap on a queue that fills and empties every few seconds", () => {
    const readings = Array.from({ length: 200 }, (_, i) => ({ visible: i % 4 === 0 ? 9 : 0 }));
    const decisions = replay(readings, { stepSeconds: 5 });
    const changes = decisions.filter((d, i) => i > 0 && d.desired !== decisions[i - 1].desired).length;
    expect(decisions[0].desired).toBe(3);
    expect(changes).toBe(0);
    expect(decisions.at(-1)!.desired).toBe(3);
  });

  it("lets a dead-lettering backlog go: the dead-letter queue holds no worker, and as poison messages leave the fleet shrinks", () => {
    // 8 messages that fail on every receive: in flight, then visible again
    // after their retry delay, until SQS moves them to the DLQ.
    const readings = [
      { visible: 8, inFlight: 0 },
      { visible: 6, inFlight: 2 },
      { visible: 2, inFlight: 6 },
      { visible: 0, inFlight: 8 },
      ...Array(60).fill({ visible: 0, inFlight: 0 }), // all dead-lettered
    ];
    const decisions = replay(readings, { stepSeconds: 5 });
    expect(decisions[0].desired).toBe(3);
    // Never more workers than poison messages, and none once they are gone.
    expect(Math.max(...decisions.map((d) => d.desired))).toBeLessThanOrEqual(8);
    expect(decisions.at(-1)!.desired).toBe(0);
  });

  it("scales in at once when max is lowered below the running fleet", () => {
    expect(desiredWorkers({ ...base, visible: 50, running: 8, max: 4 }, initialFleetState())).toMatchObject({ desired: 4, action: "scale-in", reason: "max" });
  });

  it("refuses min above max or a negative min", () => {
    expect(() => desiredWorkers({ ...base, min: 3, max: 2 }, initialFleetState())).toThrow(RangeError);
    expect(() => desiredWorkers({ ...base, min: -1 }, initialFleetState())).toThrow(RangeError);
  });

  it("uses the default scale-in window when none is given", () => {
    const { scaleInCooldownSeconds: _omit, ...rest } = base;
    void _omit;
    const out = desiredWorkers({ ...rest, visible: 30 }, initialFleetState());
    const before = desiredWorkers({ ...rest, running: out.desired, nowMs: DEFAULT_SCALE_IN_COOLDOWN_SECONDS * 1000 - 1 }, out.state);
    expect(before.action).toBe("hold");
    const after = desiredWorkers({ ...rest, running: out.desired, nowMs: DEFAULT_SCALE_IN_COOLDOWN_SECONDS * 1000 + 1 }, before.state);
    expect(after).toMatchObject({ action: "scale-in", desired: 0 });
  });
});
