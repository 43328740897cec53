// npm run bench:fleet: does throughput grow with workers? The same batch of
// small orders rendered by 1 worker pinned to one core and by 2 workers
// each pinned to a core of its own (taskset; x264 given 1 thread to match,
// WORKER_ENCODER_THREADS), through the real queue and database: its own
// local stack (embedded Postgres, the S3/SQS emulator), orders created as
// the web app creates them, real worker processes started as the launcher
// starts them. Rounds alternate 1 and 2 workers so a change in the
// machine's load hits both alike; prints orders per minute and the ratio.
// Photos and orders go through the web app's HTTP API, served by the real
// launcher with no workers of its own (WORKERS=0) on the bench's stack.
// See docs/fleet.md.
//
// Environment: BENCH_ORDERS (8 per round), BENCH_ROUNDS (2 pairs),
// BENCH_PORT (3211), BENCH_PG_PORT, BENCH_S3_PORT, BENCH_SQS_PORT (55438, 45686, 45666).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ROOT, startLocalStack } from "../local-stack";
import { workerProcess } from "../ts-process";
import { makePhoto, newSession, placeOrder, uploadPhoto } from "./site-client";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3211);
const BASE = `http://127.0.0.1:${PORT}`;
const GOAL = 1.8;
const dataDir = path.join(ROOT, ".data", "bench-fleet");
const print = (line = "") => process.stdout.write(`${line}\n`);
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");

type Worker = { child: ChildProcess; ready: Promise<void>; exited: Promise<unknown> };

/** The launcher on the bench's stack with no workers: the web app alone, as `npm start` runs it. */
function startWebApp(stackEnv: Record<string, string>) {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...stackEnv, PORT: String(PORT), REELMAKER_DATA_DIR: dataDir, WORKERS: "0", LOG_LEVEL: "warn" },
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const ready = (async () => {
    const deadline = Date.now() + 300_000; // a first `next build` included
    while (!(await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the web app did not come up: ${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return { child, ready, exited };
}

/** A worker as the launcher starts it, but under `taskset -c cpu`, with one x264 thread. */
function startPinnedWorker(cpu: number, name: string): Worker {
  const worker = workerProcess();
  const child = spawn("taskset", ["-c", String(cpu), worker.command, ...worker.args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...worker.env, REELMAKER_SERVICE: "worker", WORKER_HOST: name, WORKER_WAIT_SECONDS: "1", WORKER_ENCODER_THREADS: "1", LOG_LEVEL: "info" },
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker.started"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker ${name} exited (${code}) before it started: ${output.slice(-2000)}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, ready, exited };
}

async function main() {
  if (spawnSync("taskset", ["-V"]).error) throw new Error("taskset (util-linux) is needed to pin workers to cores");
  if (os.availableParallelism() < 2) throw new Error("bench:fleet needs at least 2 cores");
  await rm(dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({
    dataDir,
    pgPort: Number(process.env.BENCH_PG_PORT ?? 55438),
    s3Port: Number(process.env.BENCH_S3_PORT ?? 45686),
    sqsPort: Number(process.env.BENCH_SQS_PORT ?? 45666),
    allowedOrigins: ["http://localhost"],
  });
  Object.assign(process.env, stack.env, { SESSION_SECRET: "bench-fleet-secret-0123456789abcdef", LOG_LEVEL: "warn" });
  const web = startWebApp(stack.env);
  // Imported only now: it reads the stack's settings when first used.
  const { getDb } = await import("../../lib/platform/db");
  const workers: Worker[] = [];
  try {
    await web.ready;
    const session = await newSession(BASE);
    const assets: string[] = [];
    for (let i = 0; i < 3; i += 1) assets.push(await uploadPhoto(session, await makePhoto(i + 1, 1600, 1200)));
    // A small order: three photos, 2 s each, crossfades, a caption, 720p (5 s of video).
    const spec = { resolution: "720p", transition: "crossfade", slides: assets.map((assetId, i) => ({ assetId, durationMs: 2000, caption: `Photo ${i + 1}` })) };
    print(`load average at start: ${loadAverage()} (other work on the machine skews the figures; the ratio is what counts)`);
    print(`batch: ${ORDERS} orders of 3 photos, 2 s each, 720p, crossfade, a caption each; x264 1 thread per worker`);

    const results: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const count of [1, 2] as const) {
        const pool = Array.from({ length: count }, (_, i) => startPinnedWorker(i, `bench-${round}-${count}-${i}`));
        workers.push(...pool);
        await Promise.all(pool.map((w) => w.ready));
        const started = performance.now();
        const ids: string[] = [];
        for (let i = 0; i < ORDERS; i += 1) ids.push(await placeOrder(session, spec, `r${round}-w${count}-${i}`));
        for (;;) {
          const finished = await getDb().order.findMany({ where: { id: { in: ids }, status: { in: ["done", "failed"] } }, select: { status: true, attempts: true } });
          if (finished.length === ids.length) {
            const bad = finished.filter((o) => o.status !== "done" || o.attempts !== 1).length;
            if (bad) throw new Error(`${bad} orders failed or were rendered twice`);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const minutes = (performance.now() - started) / 60_000;
        const perMinute = ORDERS / minutes;
        results[count].push(perMinute);
        print(`round ${round}, ${count} worker${count > 1 ? "s" : ""} (cores ${pool.map((_, i) => i).join(", ")}): ${ORDERS} orders in ${(minutes * 60).toFixed(1)} s = ${perMinute.toFixed(1)} orders/min`);
        for (const w of pool) w.child.kill("SIGTERM");
        await Promise.all(pool.map((w) => w.exited));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    const one = median(results[1]);
    const two = median(results[2]);
    print(`load average after: ${loadAverage()}`);
    print();
    print(`| workers (1 core each) | orders/min (median of ${ROUNDS}) | ratio | goal |`);
    print(`|---|---:|---:|---:|`);
    print(`| 1 | ${one.toFixed(1)} | 1.00 | |`);
    print(`| 2 | ${two.toFixed(1)} | ${(two / one).toFixed(2)} | ≥ ${GOAL} |`);
    print(`per-round ratios: ${results[2].map((v, i) => (v / results[1][i]).toFixed(2)).join(", ")}`);
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    if (web.child.exitCode === null && web.child.signalCode === null) {
      web.child.kill("SIGTERM");
      await web.exited;
    }
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    print(`bench:fleet failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
