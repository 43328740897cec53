import { describe, expect, it } from "vitest";
import { DEFAULT_TARGET_WAIT_SECONDS } from "../../lib/fleet/desired-workers";
import { defaultMaxWorkers, readFleetSettings } from "./settings";

const GB = 1024 ** 3;
const machine = { cores: 2, totalMemoryBytes: 8 * GB };

describe("readFleetSettings", () => {
  it("runs one worker by default, WORKERS=n runs n, at niceness 10", () => {
    expect(readFleetSettings({}, machine)).toEqual({ mode: "fixed", count: 1, niceness: 10 });
    expect(readFleetSettings({ WORKERS: "3", WORKER_NICE: "0" }, machine)).toEqual({ mode: "fixed", count: 3, niceness: 0 });
  });

  it("WORKERS=auto: min 1, max fitted to the machine, the policy's default target wait", () => {
    expect(readFleetSettings({ WORKERS: "auto" }, machine)).toMatchObject({ mode: "auto", min: 1, max: 2, targetWaitSeconds: DEFAULT_TARGET_WAIT_SECONDS });
    expect(readFleetSettings({ WORKERS: "AUTO", WORKERS_MIN: "0", WORKERS_MAX: "2", FLEET_TARGET_WAIT_SECONDS: "30" }, machine)).toMatchObject({
      min: 0,
      max: 2,
      targetWaitSeconds: 30,
    });
    // A min above the machine's default max raises the default max with it.
    expect(readFleetSettings({ WORKERS: "auto", WORKERS_MIN: "4" }, machine)).toMatchObject({ min: 4, max: 4 });
  });

  it.each([
    [{ WORKERS: "two" }, /WORKERS must be an integer/],
    [{ WORKERS: "-1" }, /WORKERS must be an integer/],
    [{ WORKERS: "auto", WORKERS_MIN: "3", WORKERS_MAX: "2" }, /WORKERS_MAX must be an integer from 3/],
    [{ WORKERS: "auto", WORKERS_MAX: "0" }, /WORKERS_MAX must be an integer from 1/],
    [{ WORKERS: "auto", FLEET_TARGET_WAIT_SECONDS: "0" }, /FLEET_TARGET_WAIT_SECONDS must be a number/],
    [{ WORKER_NICE: "20" }, /WORKER_NICE must be an integer from 0 to 19/],
  ])("refuses %o with a clear message", (env, message) => {
    expect(() => readFleetSettings(env, machine)).toThrow(message);
  });
});

describe("defaultMaxWorkers", () => {
  it("is one per core, as many as fit in memory at 512 MB with 1 GB spare, at least one", () => {
    expect(defaultMaxWorkers(2, 24 * GB)).toBe(2);
    expect(defaultMaxWorkers(16, 3 * GB)).toBe(4);
    expect(defaultMaxWorkers(4, 1 * GB)).toBe(1);
  });
});
