import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { workerProcess } from "../../scripts/ts-process";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type WorkerProcess = {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has exited and its output is read. */
  exited: Promise<number | string>;
};

/** Starts a real render worker process (its own process group, like a container), with the flags and malloc settings production uses. */
export function startWorker(options: { host: string; visibilitySeconds: number; env?: Record<string, string> }): WorkerProcess {
  const { command, args, env } = workerProcess();
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...env,
      REELMAKER_SERVICE: "worker",
      WORKER_HOST: options.host,
      WORKER_VISIBILITY_SECONDS: String(options.visibilitySeconds),
      WORKER_WAIT_SECONDS: "1",
      LOG_LEVEL: "info",
      ...options.env,
    },
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("close", (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => log, exited };
}

/** SIGKILL to the worker's whole process group: the machine "dies". */
export function killWorkerGroup(worker: WorkerProcess, signal: NodeJS.Signals = "SIGKILL") {
  if (worker.child.pid) process.kill(-worker.child.pid, signal);
}
