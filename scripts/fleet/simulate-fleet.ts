// npm run simulate:fleet: a day of orders against the Encode Master's policy
// and against fixed fleets, for fleet maxima from 1 to 200 (these machines
// cannot hold a large fleet, so it is simulated: scripts/fleet/simulation.ts).
// Prints queue-wait percentiles, worker-hours, utilisation and cost per
// video, a sweep of the target wait, and writes a chart of backlog and
// workers over the day. Figures and chart: docs/fleet.md.
//
// Environment: SIM_SEED (1), SIM_ORDERS_PER_DAY (20000), SIM_STARTUP_SECONDS
// (60, a fresh container), SIM_PRICE_PER_VCPU_HOUR (0.04048, Fargate Linux
// x86 us-east-1, memory not counted), SIM_VCPUS_PER_WORKER (2),
// SIM_CHART (docs/fleet-day.svg).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
    DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
} from "../../lib/fleet/desired-workers";
import { DEFAULT_DAY, simulateDay, type FleetPolicy, type SimulationResult } from "./simulation";

const ROOT = path.resolve(import.meta.dirname, "../..");
const seed = Number(process.env.SIM_SEED ?? 1);
const day = { ...DEFAULT_DAY, ordersPerDay: Number(process.env.SIM_ORDERS_PER_DAY ?? DEFAULT_DAY.ordersPerDay) };
const startupSeconds = Number(process.env.SIM_STARTUP_SECONDS ?? 60);
const price = Number(process.env.SIM_PRICE_PER_VCPU_HOUR ?? 0.04048);
const vcpus = Number(process.env.SIM_VCPUS_PER_WORKER ?? 2);
const chartFile = path.resolve(ROOT, process.env.SIM_CHART ?? "docs/fleet-day.svg");
// CloudWatch's SQS metrics come once a minute: the production fleet decides every 60 s.
const INTERVAL_SECONDS = 60;
const print = (line = "") => process.stdout.write(`${line}\n`);

const auto = (max: number, targetWaitSeconds = DEFAULT_TARGET_WAIT_SECONDS, scaleInCooldownSeconds = DEFAULT_SCALE_IN_COOLDOWN_SECONDS): FleetPolicy => ({
  kind: "auto",
  min: 1,
  max,
  targetWaitSeconds,
  scaleOutCooldownSeconds: DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  scaleInCooldownSeconds,
  intervalSeconds: INTERVAL_SECONDS,
});

const duration = (seconds: number) => (seconds < 120 ? `${seconds.toFixed(0)} s` : seconds < 7200 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`);
const cost = (r: SimulationResult) => `$${((r.workerHours * vcpus * price) / r.orders).toFixed(4)}`;
const row = (name: string, r: SimulationResult) =>
  `| ${name} | ${duration(r.waits.p50)} | ${duration(r.waits.p95)} | ${duration(r.waits.p99)} | ${r.peakWorkers} | ${r.workerStarts} | ${r.workerHours.toFixed(0)} | ${(r.utilisation * 100).toFixed(0)}% | ${cost(r)} |`;
const header = (first: string) => [`| ${first} | wait p50 | wait p95 | wait p99 | peak workers | worker starts | worker-hours | utilisation | cost per video |`, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"];

function chart(result: SimulationResult, title: string, range: [number, number] = [0, 86_400]): string {
  const width = 960;
  const height = 420;
  const pad = { left: 60, right: 60, top: 40, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const series = result.series.filter((p) => p.t >= range[0] && p.t <= range[1]);
  const maxBacklog = Math.max(1, ...series.map((p) => p.backlog));
  const maxWorkers = Math.max(1, ...series.map((p) => p.workers));
  const x = (t: number) => pad.left + ((t - range[0]) / (range[1] - range[0])) * plotW;
  const yB = (v: number) => pad.top + plotH - (v / maxBacklog) * plotH;
  const yW = (v: number) => pad.top + plotH - (v / maxWorkers) * plotH;
  const line = (points: [number, number][]) => points.map(([px, py], i) => `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`).join(" ");
  const span = range[1] - range[0];
  const step = span > 6 * 3600 ? 3 * 3600 : 15 * 60;
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => range[0] + i * step);
  const clock = (t: number) => `${String(Math.floor(t / 3600)).padStart(2, "0")}:${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}`;
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>
${ticks.map((t) => `<line x1="${x(t)}" y1="${pad.top}" x2="${x(t)}" y2="${pad.top + plotH}" stroke="#e5e7eb"/><text x="${x(t)}" y="${height - 18}" text-anchor="middle">${clock(t)}</text>`).join("\n")}
${yTicks.map((f) => `<text x="${pad.left - 6}" y="${yB(f * maxBacklog) + 4}" text-anchor="end" fill="#b45309">${Math.round(f * maxBacklog)}</text><text x="${pad.left + plotW + 6}" y="${yW(f * maxWorkers) + 4}" fill="#1d4ed8">${Math.round(f * maxWorkers)}</text>`).join("\n")}
<rect x="${pad.left}" y="${pad.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>
<path d="${line(series.map((p) => [x(p.t), yB(p.backlog)]))}" fill="none" stroke="#d97706" stroke-width="1.5"/>
<path d="${line(series.map((p) => [x(p.t), yW(p.workers)]))}" fill="none" stroke="#2563eb" stroke-width="1.5"/>
<text x="${pad.left}" y="${pad.top - 8}" fill="#b45309">orders waiting (left)</text>
<text x="${pad.left + plotW}" y="${pad.top - 8}" text-anchor="end" fill="#1d4ed8">workers up or starting (right)</text>
</svg>
`;
}

async function main() {
  print(`seed ${seed}; ${day.ordersPerDay} orders a day on a daily curve (low at 04:00, high at 16:00) plus a ${day.spike.factor}× spike for ${day.spike.seconds / 60} min at ${day.spike.atSeconds / 3600}:00;`);
  print(`worker start-up ${startupSeconds} s; decisions every ${INTERVAL_SECONDS} s; target wait ${DEFAULT_TARGET_WAIT_SECONDS} s, scale-out cooldown ${DEFAULT_SCALE_OUT_COOLDOWN_SECONDS} s, scale-in window ${DEFAULT_SCALE_IN_COOLDOWN_SECONDS} s, min 1;`);
  print(`cost at $${price} per vCPU-hour, ${vcpus} vCPUs per worker (memory not counted)`);
  print();
  const maxima = [1, 2, 5, 10, 20, 50, 100, 150, 200];
  print("Encode Master (auto), by fleet maximum");
  print();
  header("max").forEach((l) => print(l));
  const autoResults = new Map<number, SimulationResult>();
  for (const max of maxima) {
    const result = simulateDay({ seed, day, policy: auto(max), startupSeconds, sampleSeconds: 60 });
    autoResults.set(max, result);
    print(row(String(max), result));
  }
  print();
  print("Fixed fleets (always on)");
  print();
  header("workers").forEach((l) => print(l));
  for (const workers of maxima) print(row(String(workers), simulateDay({ seed, day, policy: { kind: "fixed", workers }, startupSeconds })));
  print();
  print("Target wait, Encode Master with max 200");
  print();
  header("target wait").forEach((l) => print(l));
  for (const target of [15, 30, 60, 120, 300, 600]) print(row(`${target} s`, simulateDay({ seed, day, policy: auto(200, target), startupSeconds })));
  print();
  print(`Scale-in window, Encode Master with max 200, target wait ${DEFAULT_TARGET_WAIT_SECONDS} s`);
  print();
  header("scale-in window").forEach((l) => print(l));
  for (const window of [60, 180, 300, 600, 900]) print(row(`${window} s`, simulateDay({ seed, day, policy: auto(200, DEFAULT_TARGET_WAIT_SECONDS, window), startupSeconds })));
  const chosen = autoResults.get(200)!;
  await writeFile(chartFile, chart(chosen, `Encode Master, max 200, target wait ${DEFAULT_TARGET_WAIT_SECONDS} s: a day with a ${day.spike.factor}× spike at ${day.spike.atSeconds / 3600}:00 (seed ${seed})`));
  const spikeFile = chartFile.replace(/\.svg$/, "-spike.svg");
  const { atSeconds } = day.spike;
  await writeFile(spikeFile, chart(chosen, `The spike up close (same run): ${day.spike.factor}× the orders from ${atSeconds / 3600}:00 for ${day.spike.seconds / 60} min`, [atSeconds - 1800, atSeconds + 3600]));
  print();
  print(`charts: ${path.relative(ROOT, chartFile)}, ${path.relative(ROOT, spikeFile)}`);
}

main().catch((error: unknown) => {
  print(`simulate:fleet failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
