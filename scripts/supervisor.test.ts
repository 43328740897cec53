import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, SupervisedPart, restartDelayMs, withNiceness, type PartEvent } from "./supervisor";

const fast = { initialMs: 40, maxMs: 160, resetAfterMs: 10_000, crashLoopCount: 3 };
const node = (script: string, ipc = false) => () =>
  spawn(process.execPath, ["-e", script], { stdio: ipc ? ["ignore", "ignore", "inherit", "ipc"] : ["ignore", "ignore", "inherit"] });
const parts: SupervisedPart[] = [];
afterEach(async () => {
  await Promise.all(parts.splice(0).map((part) => part.stop()));
});

function supervise(options: Omit<ConstructorParameters<typeof SupervisedPart>[0], "report">) {
  const events: PartEvent[] = [];
  const part = new SupervisedPart({ ...options, report: (event) => events.push(event) });
  parts.push(part);
  return { part, events };
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("restartDelayMs", () => {
  it("doubles from 1 s to at most 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelayMs(n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(DEFAULT_BACKOFF).toMatchObject({ initialMs: 1000, maxMs: 30_000 });
  });
});

describe("SupervisedPart", () => {
  it("restarts a process that keeps crashing, with growing delays, and reports the crash loop", async () => {
    const { part, events } = supervise({ name: "crashy", start: node("process.exit(3)"), backoff: fast });
    await until(() => events.filter((e) => e.type === "crashed").length >= 4);
    const crashes = events.filter((e) => e.type === "crashed");
    expect(crashes.map((e) => e.restartInMs)).toEqual([40, 80, 160, 160]);
    expect(crashes.map((e) => e.isCrashLoop)).toEqual([false, false, true, true]);
    expect(crashes[0]).toMatchObject({ exit: "code 3", crashes: 1 });
    expect(events.filter((e) => e.type === "started").length).toBeGreaterThanOrEqual(4);
    await part.stop();
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Stopped during a backoff: nothing is started again.
    expect(events.length).toBe(count);
    expect(events.at(-1)).toMatchObject({ type: "ended", how: "stopped" });
  });

  it("restarts a SIGKILLed process and leaves it running", async () => {
    const { part, events } = supervise({ name: "victim", start: node("setInterval(() => {}, 1000)"), backoff: fast });
    await until(() => part.pid !== undefined);
    const first = part.pid!;
    process.kill(first, "SIGKILL");
    await until(() => part.pid !== undefined && part.pid !== first);
    expect(events.find((e) => e.type === "crashed")).toMatchObject({ exit: "SIGKILL", crashes: 1, restartInMs: 40 });
    expect(() => process.kill(part.pid!, 0)).not.toThrow();
  });

  it("stops with SIGTERM and escalates to SIGKILL when the process ignores it", async () => {
    const { part, events } = supervise({
      name: "stubborn",
      start: node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"),
      stopTimeoutMs: 300,
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it install its handler
    const pid = part.pid!;
    const started = Date.now();
    await part.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(events.at(-1)).toMatchObject({ type: "ended", how: "stopped", exit: "SIGKILL" });
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("retires over IPC: the process finishes and exits 0, and is not restarted", async () => {
    const messages: unknown[] = [];
    const { part, events } = supervise({
      name: "worker",
      start: node("process.send({ type: 'ready' }); process.on('message', (m) => { if (m.type === 'retire') setTimeout(() => process.exit(0), 100); })", true),
      onMessage: (message) => messages.push(message),
      backoff: fast,
    });
    await until(() => messages.length > 0);
    expect(messages[0]).toEqual({ type: "ready" });
    expect(part.isLeaving).toBe(false);
    const retired = part.retire();
    expect(part.isLeaving).toBe(true);
    await retired;
    expect(events.at(-1)).toMatchObject({ type: "ended", how: "retired", exit: "code 0" });
    expect(events.some((e) => e.type === "crashed")).toBe(false);
  });

  it("treats a command that cannot be spawned as a crash and retries it", async () => {
    const { events } = supervise({ name: "missing", start: () => spawn("/nonexistent/reelmaker-part", []), backoff: fast });
    await until(() => events.filter((e) => e.type === "crashed").length >= 2);
    expect(events.find((e) => e.type === "crashed")).toMatchObject({ exit: expect.stringMatching(/^spawn error: .*ENOENT/) });
  });
});

describe("withNiceness", () => {
  it("prefixes nice -n from the PATH, and leaves the command alone without nice or at 0", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nice-"));
    try {
      writeFileSync(path.join(dir, "nice"), "");
      expect(withNiceness("node", ["a.js"], 10, dir)).toEqual({ command: path.join(dir, "nice"), args: ["-n", "10", "node", "a.js"] });
      expect(withNiceness("node", ["a.js"], 0, dir)).toEqual({ command: "node", args: ["a.js"] });
      expect(withNiceness("node", ["a.js"], 10, path.join(dir, "none"))).toEqual({ command: "node", args: ["a.js"] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === "linux")("runs the process itself (same pid) at that niceness", async () => {
    const { command, args } = withNiceness(process.execPath, ["-e", "setTimeout(() => {}, 2000)"], 10);
    const child = spawn(command, args, { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(os.getPriority(child.pid!)).toBe(Math.min(19, os.getPriority() + 10));
    } finally {
      child.kill("SIGKILL");
    }
  });
});
