import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORKER_MALLOC_ENV, WORKER_NODE_FLAGS, ffmpegEnv, workerMallocEnv } from "./runtime";

describe("the worker's runtime settings", () => {
  it("are the ones worker/package.json's start script uses", () => {
    const start = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start;
    for (const [key, value] of Object.entries(WORKER_MALLOC_ENV)) expect(start).toContain(`${key}=\${${key}:-${value}}`);
    const [, nodeArgs] = /exec node (.*) src\/main\.ts$/.exec(start) ?? [];
    expect(nodeArgs?.split(" ")).toEqual(expect.arrayContaining([...WORKER_NODE_FLAGS]));
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
