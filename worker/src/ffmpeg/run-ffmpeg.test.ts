import { afterEach, describe, expect, it, vi } from "vitest";
import { runFfmpeg } from "./run-ffmpeg";

// A Node one-liner stands in for ffmpeg: it exits non-zero, with what it saw
// on stderr, unless its environment is the one ffmpeg should get.
const checkEnv = (script: string) => runFfmpeg(["-e", script], { binary: process.execPath });

describe("runFfmpeg's environment", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("leaves out the worker's mmap threshold and passes the rest on", async () => {
    vi.stubEnv("MALLOC_MMAP_THRESHOLD_", "131072");
    vi.stubEnv("MALLOC_ARENA_MAX", "2");
    await expect(
      checkEnv(`const e = process.env; if (e.MALLOC_MMAP_THRESHOLD_ !== undefined || e.MALLOC_ARENA_MAX !== "2") { console.error(e.MALLOC_MMAP_THRESHOLD_, e.MALLOC_ARENA_MAX); process.exit(3); }`),
    ).resolves.toBeUndefined();
  });

  it("reports a failing process (so the check above can fail)", async () => {
    await expect(checkEnv("process.exit(3)")).rejects.toThrow("exited with 3");
  });
});
