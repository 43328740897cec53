import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseProcStatCpuSeconds, pickUpFields, readProcessTreeCpuSeconds } from "./figures";

describe("parseProcStatCpuSeconds", () => {
  it("adds utime, stime, cutime and cstime (fields 14–17) in 1/100 s", () => {
    const stat = "4242 (node) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 30 12 8 20 0 11 0 100 1000 100";
    expect(parseProcStatCpuSeconds(stat)).toBe(2);
  });

  it("reads past a command name with spaces and parentheses", () => {
    const stat = "7 (a b) (c)) R 1 7 7 0 -1 0 0 0 0 0 1 2 3 4 20 0";
    expect(parseProcStatCpuSeconds(stat)).toBe(0.1);
  });

  it("answers null for what is not a stat line", () => {
    expect(parseProcStatCpuSeconds("garbage")).toBeNull();
    expect(parseProcStatCpuSeconds("1 (x) S 1 2")).toBeNull();
    expect(readProcessTreeCpuSeconds("/nonexistent/stat")).toBeNull();
  });

  it.runIf(process.platform === "linux")("counts a child's CPU once it has exited and been reaped", () => {
    const before = readProcessTreeCpuSeconds()!;
    // A child that burns ~0.4 s of CPU; this process only waits (spawnSync reaps it).
    const child = spawnSync(process.execPath, ["-e", "const end = process.cpuUsage().user + 400000; while (process.cpuUsage().user < end);"]);
    expect(child.status).toBe(0);
    const after = readProcessTreeCpuSeconds()!;
    expect(after - before).toBeGreaterThanOrEqual(0.35);
  }, 30_000);
});

describe("pickUpFields", () => {
  const createdAt = new Date("2026-12-01T10:00:00Z");
  const now = new Date("2026-12-01T10:00:07Z");
  it("measures a new order's wait from its acceptance", () => {
    expect(pickUpFields({ pickedUpAt: null, attempts: 0, createdAt, enqueuedAt: new Date("2026-12-01T10:00:01Z") }, now)).toEqual({ pickedUpAt: now, queueWaitMs: 7000 });
  });
  it("measures a re-queued order's wait from its re-queueing", () => {
    expect(pickUpFields({ pickedUpAt: null, attempts: 2, createdAt, enqueuedAt: new Date("2026-12-01T10:00:05Z") }, now)).toEqual({ pickedUpAt: now, queueWaitMs: 2000 });
  });
  it("keeps the first pick-up on a redelivery", () => {
    expect(pickUpFields({ pickedUpAt: createdAt, attempts: 1, createdAt, enqueuedAt: null }, now)).toEqual({});
  });
});
