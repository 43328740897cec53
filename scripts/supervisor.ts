import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

// Keeps the launcher's parts (the web app, each render worker) running: a
// part that exits without being asked to is started again after an
// exponential backoff, and the others carry on. Stopping (Ctrl-C, SIGTERM)
// and retiring (the fleet scaling in) are the only ways a part ends.

export type BackoffOptions = {
  /** Delay before the first restart, ms. Default 1000. */
  initialMs: number;
  /** Longest delay, ms (the delay doubles up to it). Default 30 000. */
  maxMs: number;
  /** A part that ran this long before it crashed starts the backoff afresh, ms. Default 60 000. */
  resetAfterMs: number;
  /** From this many crashes in a row (each within resetAfterMs of its start) the part is reported as crash-looping. Default 3. */
  crashLoopCount: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000, crashLoopCount: 3 };

/** The wait before restart number `crashes` (1 for the first crash in a row): 1 s, 2 s, 4 s, … up to maxMs. */
export function restartDelayMs(crashes: number, backoff: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, crashes - 1));
}

export type PartEvent =
  | { type: "started"; name: string; pid: number | undefined; restarts: number }
  | { type: "crashed"; name: string; exit: string; crashes: number; restartInMs: number; isCrashLoop: boolean; uptimeMs: number }
  | { type: "ended"; name: string; exit: string; how: "stopped" | "retired" };

export type PartOptions = {
  name: string;
  /** Starts the process (spawn); called again for each restart. */
  start: () => ChildProcess;
  /** SIGKILL when a stopped part has not exited after this long, ms. Default 30 000. */
  stopTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Messages the process sends over its IPC channel, if it has one. */
  onMessage?: (message: unknown) => void;
  /** Called when the process is (re)started, before any message. */
  onStart?: () => void;
  report: (event: PartEvent) => void;
};

type Want = "run" | "retire" | "stop";

const exitText = (code: number | null, signal: NodeJS.Signals | null, error?: Error) =>
  error ? `spawn error: ${error.message}` : signal ? signal : `code ${code}`;

/** One supervised process: started now, restarted on any exit until stop() or retire(). */
export class SupervisedPart {
  readonly name: string;
  private readonly options: PartOptions & { stopTimeoutMs: number; backoff: BackoffOptions };
  private child: ChildProcess | null = null;
  private want: Want = "run";
  private crashes = 0;
  private restarts = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private resolveEnded!: () => void;
  /** Resolves once the part has ended for good (stopped or retired). */
  readonly ended: Promise<void>;

  constructor(options: PartOptions) {
    this.name = options.name;
    this.options = { stopTimeoutMs: 30_000, backoff: DEFAULT_BACKOFF, ...options };
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.spawn();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Asked to retire or stop: no longer counts as part of the fleet. */
  get isLeaving(): boolean {
    return this.want !== "run";
  }

  /** Crashes in a row so far (0 once a run outlasted resetAfterMs). */
  get crashCount(): number {
    return this.crashes;
  }

  private spawn() {
    this.restartTimer = null;
    this.startedAt = Date.now();
    let child: ChildProcess;
    try {
      child = this.options.start();
    } catch (error: unknown) {
      this.onExit(null, null, error as Error);
      return;
    }
    this.child = child;
    this.options.onStart?.();
    let isHandled = false;
    const handle = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (isHandled) return;
      isHandled = true;
      if (this.child === child) this.child = null;
      this.onExit(code, signal, error);
    };
    child.once("exit", (code, signal) => handle(code, signal));
    child.once("error", (error) => handle(null, null, error));
    if (this.options.onMessage) child.on("message", this.options.onMessage);
    this.options.report({ type: "started", name: this.name, pid: child.pid, restarts: this.restarts });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, error?: Error) {
    const exit = exitText(code, signal, error);
    if (this.want !== "run") {
      this.options.report({ type: "ended", name: this.name, exit, how: this.want === "retire" ? "retired" : "stopped" });
      this.resolveEnded();
      return;
    }
    const uptimeMs = Date.now() - this.startedAt;
    const { backoff } = this.options;
    this.crashes = uptimeMs >= backoff.resetAfterMs ? 1 : this.crashes + 1;
    const restartInMs = restartDelayMs(this.crashes, backoff);
    this.options.report({ type: "crashed", name: this.name, exit, crashes: this.crashes, restartInMs, isCrashLoop: this.crashes >= backoff.crashLoopCount, uptimeMs });
    this.restarts += 1;
    this.restartTimer = setTimeout(() => this.spawn(), restartInMs);
  }

  /** Asks the process to finish what it is doing and exit (IPC `{type:"retire"}`, else SIGTERM); it is not restarted. */
  retire(): Promise<void> {
    if (this.want !== "run") return this.ended;
    this.want = "retire";
    if (!this.endIfIdle()) {
      const child = this.child!;
      if (child.connected) child.send({ type: "retire" });
      else child.kill("SIGTERM");
    }
    return this.ended;
  }

  /** SIGTERM, then SIGKILL after stopTimeoutMs; a pending restart is cancelled. */
  stop(): Promise<void> {
    if (this.want === "stop") return this.ended;
    this.want = "stop";
    if (!this.endIfIdle()) {
      const child = this.child!;
      const timer = setTimeout(() => child.kill("SIGKILL"), this.options.stopTimeoutMs);
      timer.unref();
      child.kill("SIGTERM");
    }
    return this.ended;
  }

  /** With no process (waiting to restart), ends at once. */
  private endIfIdle(): boolean {
    if (this.child) return false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.options.report({ type: "ended", name: this.name, exit: "not running", how: this.want === "retire" ? "retired" : "stopped" });
    this.resolveEnded();
    return true;
  }
}

/**
 * The command and arguments that run `command` at a lower CPU priority
 * (`nice -n niceness`), which every thread and child (ffmpeg) inherits; as
 * is when `nice` is not on the PATH or niceness is 0.
 */
export function withNiceness(command: string, args: string[], niceness: number, pathEnv = process.env.PATH ?? ""): { command: string; args: string[] } {
  if (!niceness) return { command, args };
  const nice = pathEnv.split(path.delimiter).map((dir) => path.join(dir, "nice")).find((file) => existsSync(file));
  return nice ? { command: nice, args: ["-n", String(niceness), command, ...args] } : { command, args };
}
