import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { readSettings, workerSchema } from "../../../lib/platform/config";
import { ffmpegEnv } from "../runtime";
import { parseProgressFrame } from "./build-render-args";

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = "FfmpegError";
  }
}

const STDERR_TAIL_BYTES = 4000;
const ffmpegPathSchema = workerSchema.pick({ FFMPEG_PATH: true });

/**
 * Spawns ffmpeg (no shell) and reports frames encoded. The AbortSignal
 * kills it: a job that is cancelled or loses its queue lease stops encoding.
 * With `feed`, ffmpeg's stdin is handed to it (raw frames); stdin is closed
 * when feed resolves. If ffmpeg fails, its error wins over feed's (a broken
 * pipe is only the consequence).
 */
export function runFfmpeg(
  args: string[],
  options: {
    signal?: AbortSignal;
    onFrame?: (frame: number) => void;
    binary?: string;
    feed?: (stdin: Writable) => Promise<void>;
    /** Everything ffmpeg writes on stdout (its -progress report), chunk by chunk. */
    onStdout?: (chunk: string) => void;
  } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason ?? new Error("aborted"));
    const child = spawn(options.binary ?? readSettings(ffmpegPathSchema).FFMPEG_PATH, args, {
      stdio: [options.feed ? "pipe" : "ignore", "pipe", "pipe"],
      env: ffmpegEnv(process.env),
    }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    let stderr = "";
    let feedError: unknown = null;
    if (options.feed && child.stdin) {
      const stdin = child.stdin;
      // EPIPE when ffmpeg exits early: reported through its exit code below.
      stdin.on("error", () => undefined);
      options
        .feed(stdin)
        .then(() => stdin.end())
        .catch((error: unknown) => {
          feedError = error;
          stdin.destroy();
          child.kill("SIGKILL");
        });
    }
    const onAbort = () => child.kill("SIGKILL");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      options.onStdout?.(chunk);
      const frame = parseProgressFrame(chunk);
      if (frame !== null) options.onFrame?.(frame);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on("error", (error) => {
      options.signal?.removeEventListener("abort", onAbort);
      reject(new FfmpegError(`ffmpeg could not start: ${error.message}`, stderr));
    });
    child.on("close", (code, signal) => {
      options.signal?.removeEventListener("abort", onAbort);
      if (options.signal?.aborted) return reject(options.signal.reason ?? new Error("aborted"));
      if (code === 0 && !feedError) return resolve();
      if (feedError && (code === 0 || signal === "SIGKILL")) return reject(feedError);
      reject(new FfmpegError(`ffmpeg exited with ${code ?? signal}`, stderr));
    });
  });
}
