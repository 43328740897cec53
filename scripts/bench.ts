// npm run bench: how close the renderer is to the speed limit of the H.264
// encoder, and how much memory a long story takes. See docs/benchmarks.md.
//
// 1. Generates, in a temporary folder, ten 4000×3000 JPEGs (1–4 MB each,
//    visually different) with ffmpeg.
// 2. The standard story: those ten photos, 3 s each, 0.5 s crossfades, a
//    caption on each, 1920×1080 at 30 fps, x264 veryfast crf 23; and the same
//    story with Ken Burns on every slide.
// 3. For each, the encoder floor: the exact frames the renderer produces,
//    written to a raw yuv420p file beforehand, encoded by ffmpeg with the
//    renderer's very x264 arguments and nothing else (bench/encoder-floor.ts).
// 4. The renderer (renderStory) in a child process.
// Wall time, CPU time (user + system of the process and all its children)
// and peak RSS and PSS (each summed over the process tree, sampled every 20 ms) of each;
// medians of BENCH_RUNS runs (default 3), floor and renderer alternating.
// 5. Peak RSS of a 100-photo 1080p story (1 s slides, Ken Burns and a caption
//    on every slide, the ten photos reused), one run.
//
// Environment: BENCH_RUNS (3), BENCH_KEEP=1 keeps the temporary folder,
// BENCH_SKIP_MEMORY=1 skips step 5.
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { storySpecSchema, type StorySpecInput } from "../lib/contracts/story-spec";
import { computeTimeline } from "../lib/timeline";
import { WORKER_NODE_FLAGS, ffmpegEnv, workerMallocEnv } from "../worker/src/runtime";
import { buildEncoderFloorArgs, writeRawFrames } from "./bench/encoder-floor";
import { readChildrenCpuMs, samplePeakMemory } from "./bench/proc";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const PHOTO_COUNT = 10;
const GOALS = { standard: 1.15, kenBurns: 1.3 };
const MEMORY_GOAL_MB = 400;

type Measure = { wallMs: number; cpuMs: number; peakRssKb: number; peakPssKb: number };

function print(line = "") {
  process.stdout.write(`${line}\n`);
}

/** Runs a command to completion; wall and CPU (reaped children) seen from here, peak RSS of its tree. */
async function measureProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measure & { stdout: string }> {
  const cpuBefore = await readChildrenCpuMs();
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
  const sampler = samplePeakMemory(child.pid!);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  const cpuMs = (await readChildrenCpuMs()) - cpuBefore;
  const peak = await sampler.stop();
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${stderr}`);
  return { wallMs, cpuMs, peakRssKb: peak.rssKb, peakPssKb: peak.pssKb, stdout };
}

async function makePhotos(dir: string): Promise<string[]> {
  const files = Array.from({ length: PHOTO_COUNT }, (_, i) => path.join(dir, `photo-${i}.jpg`));
  const make = (i: number) =>
    measureProcess("ffmpeg", [
      "-v", "error", "-y", "-f", "lavfi",
      "-i", `mandelbrot=s=4000x3000:maxiter=300:start_scale=${(0.5 + i * 0.15).toFixed(2)}:start_x=-0.75${i}:start_y=0.1${i}:end_pts=1,hue=h=${i * 36},noise=alls=3:allf=u`,
      "-frames:v", "1", "-q:v", "4", files[i],
    ]);
  // Two at a time (two cores).
  for (let i = 0; i < PHOTO_COUNT; i += 2) await Promise.all([make(i), i + 1 < PHOTO_COUNT ? make(i + 1) : null]);
  return files;
}

function standardSpec(options: { kenBurns: boolean; slides?: number; durationMs?: number }): StorySpecInput {
  return {
    aspectRatio: "16:9",
    resolution: "1080p",
    transition: "crossfade",
    slides: Array.from({ length: options.slides ?? PHOTO_COUNT }, (_, i) => ({
      assetId: `photo-${i}`,
      caption: `Day ${i + 1}: the view from the hill, late afternoon`,
      durationMs: options.durationMs ?? 3000,
      kenBurns: options.kenBurns,
    })),
  };
}

async function renderInChild(dir: string, name: string, specInput: StorySpecInput, photos: string[]): Promise<Measure> {
  const workDir = await mkdtemp(path.join(dir, `${name}-`));
  const job = path.join(workDir, "job.json");
  await writeFile(job, JSON.stringify({ spec: specInput, photos, workDir }));
  // One Node process with tsx's loader in it (the tsx command would add a parent process),
  // with the render worker's flags and malloc settings (worker/src/runtime.ts, as scripts/launch.ts starts it).
  const run = await measureProcess(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", path.join(ROOT, "scripts", "bench", "render-once.ts"), job], {
    ...process.env,
    ...workerMallocEnv(),
  });
  const inner = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as { wallMs: number; cpuMs: number };
  await rm(workDir, { recursive: true, force: true });
  return { wallMs: inner.wallMs, cpuMs: inner.cpuMs, peakRssKb: run.peakRssKb, peakPssKb: run.peakPssKb };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const medianOf = (runs: Measure[]): Measure => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  peakRssKb: median(runs.map((r) => r.peakRssKb)),
  peakPssKb: median(runs.map((r) => r.peakPssKb)),
});

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-bench-"));
  try {
    print(`Reelmaker render benchmark, ${new Date().toISOString()}`);
    print(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`);
    const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
    print(`load average at start: ${loadAverage()} (other work on the machine skews wall times; compare ratios)`);
    print("generating photos…");
    const photos = await makePhotos(dir);
    const sizes = await Promise.all(photos.map(async (file) => (await stat(file)).size / 1e6));
    print(`photos: ${PHOTO_COUNT} × 4000×3000 JPEG, ${sizes.map((s) => s.toFixed(1)).join(", ")} MB`);

    const stories = [
      { key: "standard" as const, label: "standard", spec: standardSpec({ kenBurns: false }) },
      { key: "kenBurns" as const, label: "Ken Burns", spec: standardSpec({ kenBurns: true }) },
    ];
    const results = new Map<string, { floor: Measure[]; renderer: Measure[]; frames: number }>();
    for (const story of stories) {
      const framesFile = path.join(dir, `${story.key}.yuv`);
      const timeline = computeTimeline(storySpecSchema.parse(story.spec));
      await writeRawFrames({ timeline, photos, file: framesFile });
      results.set(story.key, { floor: [], renderer: [], frames: timeline.totalFrames });
      print(`${story.label}: ${timeline.totalFrames} frames of ${timeline.size.width}×${timeline.size.height}`);
    }
    for (let run = 1; run <= RUNS; run += 1) {
      for (const story of stories) {
        const result = results.get(story.key)!;
        const timeline = computeTimeline(storySpecSchema.parse(story.spec));
        const output = path.join(dir, `floor-${story.key}.mp4`);
        const floorArgs = buildEncoderFloorArgs({ timeline, output, source: path.join(dir, `${story.key}.yuv`) });
        // The environment the renderer's ffmpeg gets from the worker.
        result.floor.push(await measureProcess("ffmpeg", floorArgs, ffmpegEnv({ ...process.env, ...workerMallocEnv() })));
        result.renderer.push(await renderInChild(dir, story.key, story.spec, photos));
        print(
          `run ${run} ${story.label}: floor ${(result.floor.at(-1)!.wallMs / 1000).toFixed(2)} s, renderer ${(result.renderer.at(-1)!.wallMs / 1000).toFixed(2)} s`,
        );
      }
    }
    for (const story of stories) await rm(path.join(dir, `${story.key}.yuv`), { force: true });
    print(`load average after the runs: ${loadAverage()}`);

    print();
    print(`medians of ${RUNS} runs`);
    print("| story | what | wall s | CPU s | peak RSS MB | peak PSS MB | ratio wall | ratio CPU | goal (wall) |");
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const story of stories) {
      const result = results.get(story.key)!;
      const floor = medianOf(result.floor);
      const renderer = medianOf(result.renderer);
      const row = (what: string, m: Measure, ratio: string, ratioCpu: string, goal: string) =>
        print(
          `| ${story.label} | ${what} | ${(m.wallMs / 1000).toFixed(2)} | ${(m.cpuMs / 1000).toFixed(2)} | ${(m.peakRssKb / 1024).toFixed(0)} | ${(m.peakPssKb / 1024).toFixed(0)} | ${ratio} | ${ratioCpu} | ${goal} |`,
        );
      row("encoder floor", floor, "1.00", "1.00", "");
      row(
        "renderer",
        renderer,
        (renderer.wallMs / floor.wallMs).toFixed(2),
        (renderer.cpuMs / floor.cpuMs).toFixed(2),
        `≤ ${GOALS[story.key].toFixed(2)}`,
      );
    }

    if (process.env.BENCH_SKIP_MEMORY !== "1") {
      const spec = standardSpec({ kenBurns: true, slides: 100, durationMs: 1000 });
      const photos100 = Array.from({ length: 100 }, (_, i) => photos[i % PHOTO_COUNT]);
      const frames = computeTimeline(storySpecSchema.parse(spec)).totalFrames;
      const memory = await renderInChild(dir, "memory", spec, photos100);
      print();
      print(
        `100-photo 1080p story (1 s slides, Ken Burns and a caption on each, ${frames} frames): peak RSS ${(memory.peakRssKb / 1024).toFixed(0)} MB summed over processes, peak PSS ${(memory.peakPssKb / 1024).toFixed(0)} MB (goal ≤ ${MEMORY_GOAL_MB} MB), wall ${(memory.wallMs / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    if (process.env.BENCH_KEEP === "1") print(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
