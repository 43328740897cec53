import { spawn } from "node:child_process";
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

/**
 * Spawns ffmpeg (no shell) and reports frames encoded. The AbortSignal
 * kills it: a job that is cancelled or loses its queue lease stops encoding.
 */
export function runFfmpeg(
  args: string[],
  options: { signal?: AbortSignal; onFrame?: (frame: number) => void; binary?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason ?? new Error("aborted"));
    const child = spawn(options.binary ?? process.env.FFMPEG_PATH ?? "ffmpeg", args, {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const onAbort = () => child.kill("SIGKILL");
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
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
      if (code === 0) return resolve();
      reject(new FfmpegError(`ffmpeg exited with ${code ?? signal}`, stderr));
    });
  });
}
