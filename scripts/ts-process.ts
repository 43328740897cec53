import path from "node:path";
import { WORKER_NODE_FLAGS, workerMallocEnv } from "../worker/src/runtime";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * How to start a long-lived TypeScript process (the render worker, the
 * launcher): plain Node with tsx's loader in it, one process.
 *
 * Not the `tsx` command: it runs the script in a child and relays SIGTERM to
 * it, and if the child does not confirm within 30 ms (its event loop busy
 * with a frame) it SIGKILLs the child and exits 143. A worker in the middle
 * of a render then lost its graceful shutdown (message release, ffmpeg
 * stop) exactly when it was busiest (scripts/ts-process.test.ts).
 */
export function tsProcess(entry: string, nodeFlags: string[] = []) {
  return {
    command: process.execPath,
    args: [...nodeFlags, "--import", "tsx", path.resolve(ROOT, entry)],
  };
}

/**
 * How to start the render worker, for the launcher and the tests alike:
 * plain Node with its flags, and the malloc settings to add to its
 * environment (worker/src/runtime.ts).
 */
export function workerProcess() {
  return { ...tsProcess("worker/src/main.ts", [...WORKER_NODE_FLAGS]), env: workerMallocEnv() };
}
