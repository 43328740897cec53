import { readFileSync } from "node:fs";

// How the render worker's Node process is started, in one place: the values
// are in worker/runtime.json, which worker/package.json's start script reads
// too (worker/start-command.mjs prints the command it runs); the launcher and
// the tests (through scripts/ts-process.ts's workerProcess) and the benchmark
// (scripts/bench.ts) use these. Each value is measured in docs/decisions.md
// (Memory).

const runtime = JSON.parse(readFileSync(new URL("../runtime.json", import.meta.url), "utf8")) as {
  nodeFlags: string[];
  mallocEnv: { MALLOC_ARENA_MAX: string; MALLOC_MMAP_THRESHOLD_: string };
};

/**
 * glibc malloc settings, read when the process starts. Two arenas instead of
 * one per native thread (libvips, canvas). The mmap threshold is glibc's
 * default value, but set explicitly it stays there: by default it slides up
 * to the largest mapped block freed so far (a decoded photo's 8 MB), after
 * which such buffers come from the heap and fragment it. Pinned, every
 * allocation of 128 KiB and more is mapped on its own and goes back to the
 * system when freed: Node ~250 → ~230 MB on a long story.
 */
export const WORKER_MALLOC_ENV: Readonly<typeof runtime.mallocEnv> = runtime.mallocEnv;

/**
 * Node flags: `gc()` available to the renderer (render/release-memory.ts
 * collects the young generation after preparing each clip, and the whole
 * heap when buffers piled up), and a 1 MB young
 * generation semi-space (the renderer allocates little on the JavaScript
 * heap; its pixels are in buffers).
 */
export const WORKER_NODE_FLAGS: readonly string[] = runtime.nodeFlags;

/** The malloc settings, each unless the environment already sets it (empty counts as unset, as in worker/start-command.mjs). */
export function workerMallocEnv(env: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(WORKER_MALLOC_ENV).map(([key, value]) => [key, env[key] || value]));
}

/**
 * The environment for the worker's ffmpeg: without the mmap threshold, which
 * suits the worker but not ffmpeg (its demuxer allocates a 3 MB packet per
 * frame; with the threshold each one is a fresh mapping, ~8% slower renders).
 */
export function ffmpegEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.MALLOC_MMAP_THRESHOLD_;
  return copy;
}
