// npm run bench:priority: does the site stay responsive while a worker
// renders on the same machine? Starts the real launcher (npm start, one
// worker, its own ports and data folder) and measures GET /api/orders/{id}
// (20 requests a second, one at a time) while idle and while a 1080p Ken
// Burns story renders, with the worker at its launcher niceness (10) and,
// for contrast, reniced to 0; rounds alternate. Goal: p99 during a render
// at most 2× the idle p99. See docs/fleet.md.
//
// Environment: BENCH_ROUNDS (2), BENCH_PORT (3210), BENCH_PG_PORT,
// BENCH_S3_PORT, BENCH_SQS_PORT (55439, 45687, 45667), BENCH_SECONDS (15 per phase).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../local-stack";
import { getOrder, makePhoto, newSession, placeOrder, uploadPhoto, type Session } from "./site-client";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const BASE = `http://127.0.0.1:${PORT}`;
const dataDir = path.join(ROOT, ".data", "bench-priority");
const print = (line = "") => process.stdout.write(`${line}\n`);
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Every thread of `pid` and of its descendants (the worker's ffmpeg) to `niceness`. */
function reniceTree(pid: number, niceness: number) {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const visit = (p: number) => {
    for (const tid of readdirSync(`/proc/${p}/task`)) os.setPriority(Number(tid), niceness);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
}

/** GET /api/orders/{id} every 50 ms for `seconds` or until `until()` says stop; latencies in ms. */
async function sample(session: Session, orderId: string, seconds: number, until: () => Promise<boolean> = async () => false) {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  let lastCheck = 0;
  while (Date.now() < end) {
    const t0 = performance.now();
    const response = await fetch(`${BASE}/api/orders/${orderId}`, { headers: { cookie: session.cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET /api/orders ${response.status}`);
    latencies.push(performance.now() - t0);
    if (Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      if (await until()) break;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - t0))));
  }
  return latencies;
}

async function main() {
  await rm(dataDir, { recursive: true, force: true });
  let output = "";
  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(PORT),
      PG_PORT: process.env.BENCH_PG_PORT ?? "55439",
      EMU_S3_PORT: process.env.BENCH_S3_PORT ?? "45687",
      EMU_SQS_PORT: process.env.BENCH_SQS_PORT ?? "45667",
      REELMAKER_DATA_DIR: dataDir,
      WORKERS: "1",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      S3_BUCKET: "",
      SQS_QUEUE_URL: "",
    },
  });
  launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => launcher.once("exit", resolve));
  try {
    const deadline = Date.now() + 300_000;
    while (!(await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || launcher.exitCode !== null) throw new Error(`the launcher did not come up: ${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const workerPid = Number(/worker 1 started \(pid (\d+)\)/.exec(output)?.[1]);
    if (!workerPid) throw new Error("no worker pid in the launcher's output");
    const session = await newSession(BASE);
    const photos: string[] = [];
    for (let i = 0; i < 10; i += 1) photos.push(await uploadPhoto(session, await makePhoto(i + 1, 3000, 2250)));
    const story = { resolution: "1080p", transition: "crossfade", slides: photos.map((assetId, i) => ({ assetId, durationMs: 3000, kenBurns: true, caption: `Slide ${i + 1}` })) };
    print(`load average at start: ${loadAverage()} (other work on the machine skews the figures; compare the ratios)`);
    print(`render: 10 photos (3000×2250), 3 s each, Ken Burns, crossfades, captions, 1080p; web and worker on the same ${os.availableParallelism()} cores`);
    // Warm the route (first requests compile nothing in next start, but connect the pool).
    await sample(session, await placeOrder(session, { slides: [{ assetId: photos[0], durationMs: 1000 }] }, "warm"), 2);

    const results: Record<"idle" | "nice 10" | "nice 0", { p50: number; p99: number; n: number }[]> = { idle: [], "nice 10": [], "nice 0": [] };
    for (let round = 1; round <= ROUNDS; round += 1) {
      const probeOrder = await placeOrder(session, { slides: [{ assetId: photos[0], durationMs: 1000 }] }, `probe-${round}`);
      while ((await getOrder(session, probeOrder)).status !== "done") await new Promise((resolve) => setTimeout(resolve, 500));
      const idle = await sample(session, probeOrder, SECONDS);
      results.idle.push({ p50: percentile(idle, 50), p99: percentile(idle, 99), n: idle.length });
      print(`round ${round} idle: p50 ${percentile(idle, 50).toFixed(1)} ms, p99 ${percentile(idle, 99).toFixed(1)} ms (${idle.length} requests)`);
      for (const niceness of [10, 0] as const) {
        reniceTree(workerPid, niceness);
        const orderId = await placeOrder(session, story, `render-${round}-${niceness}`);
        while ((await getOrder(session, orderId)).status !== "rendering") await new Promise((resolve) => setTimeout(resolve, 200));
        await new Promise((resolve) => setTimeout(resolve, 1500)); // photos decoded, ffmpeg under way
        reniceTree(workerPid, niceness); // ffmpeg, started meanwhile
        const busy = await sample(session, probeOrder, SECONDS, async () => (await getOrder(session, orderId)).status !== "rendering");
        const key = niceness === 10 ? "nice 10" : "nice 0";
        results[key].push({ p50: percentile(busy, 50), p99: percentile(busy, 99), n: busy.length });
        print(`round ${round} rendering, worker at nice ${niceness}: p50 ${percentile(busy, 50).toFixed(1)} ms, p99 ${percentile(busy, 99).toFixed(1)} ms (${busy.length} requests)`);
        while (!["done", "failed"].includes((await getOrder(session, orderId)).status)) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      reniceTree(workerPid, 10);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    const idleP99 = median(results.idle.map((r) => r.p99));
    print(`load average after: ${loadAverage()}`);
    print();
    print(`| GET /api/orders/{id} | p50 ms | p99 ms | p99 ÷ idle p99 | goal |`);
    print(`|---|---:|---:|---:|---:|`);
    for (const [name, rows] of Object.entries(results)) {
      const p99 = median(rows.map((r) => r.p99));
      print(`| ${name === "idle" ? "idle" : `during a render, worker at ${name}`} | ${median(rows.map((r) => r.p50)).toFixed(1)} | ${p99.toFixed(1)} | ${(p99 / idleP99).toFixed(2)} | ${name === "nice 10" ? "≤ 2" : ""} |`);
    }
    print(`(medians over ${ROUNDS} rounds of ${SECONDS} s each)`);
  } finally {
    launcher.kill("SIGTERM");
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    print(`bench:priority failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
