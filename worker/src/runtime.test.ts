import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { WORKER_MALLOC_ENV, WORKER_NODE_FLAGS, ffmpegEnv, workerMallocEnv } from "./runtime";

describe("the worker's runtime settings", () => {
  it("are the ones worker/package.json's start script runs, with the environment's malloc settings first", () => {
    const workerDir = fileURLToPath(new URL("..", import.meta.url));
    const start = (JSON.parse(readFileSync(path.join(workerDir, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
    // The start script with `exec` showing its words instead of becoming them.
    const words = (env: Record<string, string>) =>
      execFileSync("sh", ["-c", start.replace('eval "exec $cmd"', 'eval "set -- $cmd" && printf "%s\\n" "$@"')], {
        cwd: workerDir,
        env: { PATH: process.env.PATH, ...env } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
      }).trim().split("\n");
    const mallocWords = Object.entries(WORKER_MALLOC_ENV).map(([key, value]) => `${key}=${value}`);
    expect(words({})).toEqual(["env", ...mallocWords, "node", ...WORKER_NODE_FLAGS, "--import", "tsx", "src/main.ts"]);
    expect(words({ MALLOC_ARENA_MAX: "4 'x'" })).toContain("MALLOC_ARENA_MAX=4 'x'");
    expect(start).not.toContain("--expose-gc");
  });

  it("keep a malloc setting the environment already has", () => {
    expect(workerMallocEnv({ MALLOC_ARENA_MAX: "4" })).toEqual({ MALLOC_ARENA_MAX: "4", MALLOC_MMAP_THRESHOLD_: WORKER_MALLOC_ENV.MALLOC_MMAP_THRESHOLD_ });
    expect(workerMallocEnv({})).toEqual(WORKER_MALLOC_ENV);
    expect(workerMallocEnv({ MALLOC_ARENA_MAX: "" })).toEqual(WORKER_MALLOC_ENV);
  });

  it("leave the mmap threshold out of ffmpeg's environment, and keep the rest", () => {
    const env = ffmpegEnv({ ...WORKER_MALLOC_ENV, PATH: "/usr/bin", FFMPEG_PATH: "/opt/ffmpeg" } as unknown as NodeJS.ProcessEnv);
    expect(env).toEqual({ MALLOC_ARENA_MAX: WORKER_MALLOC_ENV.MALLOC_ARENA_MAX, PATH: "/usr/bin", FFMPEG_PATH: "/opt/ffmpeg" });
  });
});
