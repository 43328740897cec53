import { describe, expect, it } from "vitest";
import { backlogPerTaskTarget } from "../lib/scaling";
import { readSettings } from "../lib/settings";

const from = (context: Record<string, unknown>) => readSettings((name) => context[name]);

describe("readSettings", () => {
  it("has a default for everything, and reads -c values (strings on the command line)", () => {
    expect(from({})).toMatchObject({ webMinTasks: 2, workerMinTasks: 0, workerCpu: 2048, workerMemoryMiB: 4096, renderRetentionDays: 0, dbDeletionProtection: true });
    expect(from({ workerMaxTasks: "20", dbMultiAz: "true", alarmEmail: "ops@example.com" })).toMatchObject({ workerMaxTasks: 20, dbMultiAz: true, alarmEmail: "ops@example.com" });
  });

  it.each([
    [{ webMinTasks: 1 }, /webMinTasks must be a number ≥ 2/],
    [{ workerMaxTasks: "lots" }, /workerMaxTasks must be a number/],
    [{ workerMinTasks: 5, workerMaxTasks: 2 }, /workerMaxTasks must be ≥ workerMinTasks/],
    [{ dbMultiAz: "yes" }, /dbMultiAz must be true or false/],
    [{ logRetentionDays: 10 }, /logRetentionDays must be one of/],
    [{ domainName: "video.example.com" }, /needs certificateArn/],
  ])("refuses %o", (context, message) => {
    expect(() => from(context)).toThrow(message);
  });
});

describe("backlogPerTaskTarget", () => {
  it("is the acceptable wait divided by the average render time", () => {
    expect(backlogPerTaskTarget({ targetWaitSeconds: 120, averageRenderSeconds: 30 })).toBe(4);
    expect(backlogPerTaskTarget({ targetWaitSeconds: 45, averageRenderSeconds: 90 })).toBe(0.5);
    expect(() => backlogPerTaskTarget({ targetWaitSeconds: 0, averageRenderSeconds: 30 })).toThrow(/positive/);
  });
});
