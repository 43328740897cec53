import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { ROOT } from "./local-stack";

// `npm run load`: starts its own local stack (own ports and data folder,
// rate limits per IP raised since every client here is 127.0.0.1), submits
// ORDERS small orders from SESSIONS sessions at CONCURRENCY at once, reports
// the order API's latency, then waits until every order is rendered and
// checks each exists, is done, and was rendered exactly once (attempts 1).
// Bounded in count and time; talks to localhost only.
//
//   ORDERS (500)  SESSIONS (50)  CONCURRENCY (50)  WORKERS (2)  LOAD_TIMEOUT_S (1200)

const ORDERS = Number(process.env.ORDERS ?? 500);
const SESSIONS = Number(process.env.SESSIONS ?? 50);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const WORKERS = process.env.WORKERS ?? "2";
const TIMEOUT_MS = Number(process.env.LOAD_TIMEOUT_S ?? 1200) * 1000;
const PORT = 3200;
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN_PASSWORD = "load-test-admin";
const dataDir = path.join(ROOT, ".data", "load-test");
const say = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    if (await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the stack did not come up");
}

async function newSession(photo: Buffer): Promise<{ cookie: string; assetId: string }> {
  const home = await fetch(`${BASE}/`);
  const cookie = (home.headers.get("set-cookie") ?? "").split(";")[0];
  const post = (url: string, body?: unknown) =>
    fetch(`${BASE}${url}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const upload = await (await post("/api/uploads", { filename: "p.jpg", contentType: "image/jpeg", size: photo.length })).json();
  const put = await fetch(upload.uploadUrl, { method: "PUT", headers: upload.headers, body: new Uint8Array(photo) });
  if (!put.ok) throw new Error(`upload PUT ${put.status}`);
  const done = await post(`/api/uploads/${upload.assetId}/complete`);
  if (!done.ok) throw new Error(`complete ${done.status}`);
  return { cookie, assetId: upload.assetId };
}

async function main() {
  await rm(dataDir, { recursive: true, force: true });
  const stack = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/launch.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(PORT),
      REELMAKER_DATA_DIR: dataDir,
      PG_PORT: "55436",
      EMU_S3_PORT: "45684",
      EMU_SQS_PORT: "45664",
      WORKERS,
      ADMIN_PASSWORD,
      LOG_LEVEL: "warn",
      RATE_LIMIT_ORDERS_PER_IP: "1000000",
      RATE_LIMIT_UPLOADS_PER_IP: "1000000",
      RATE_LIMIT_SESSIONS_PER_IP: "1000000",
      DATABASE_URL: "",
      S3_BUCKET: "",
      SQS_QUEUE_URL: "",
    },
  });
  const stop = () => new Promise<void>((resolve) => {
    if (stack.exitCode !== null) return resolve();
    stack.once("exit", () => resolve());
    stack.kill("SIGTERM");
  });
  let failed = false;
  try {
    const started = Date.now();
    await waitForHealth(started + 300_000);
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toBuffer();
    const sessions: { cookie: string; assetId: string }[] = [];
    for (let i = 0; i < SESSIONS; i += 1) sessions.push(await newSession(photo));
    say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s; ${SESSIONS} sessions with a photo each`);

    const latencies: number[] = [];
    const placed: { orderId: string; cookie: string }[] = [];
    const refused = new Map<number, number>();
    let next = 0;
    const submitStarted = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ORDERS) {
          const index = next++;
          const session = sessions[index % sessions.length];
          const t0 = performance.now();
          const response = await fetch(`${BASE}/api/orders`, {
            method: "POST",
            headers: { cookie: session.cookie, "content-type": "application/json", "idempotency-key": `load-${index}` },
            body: JSON.stringify({ resolution: "720p", transition: "none", slides: [{ assetId: session.assetId, durationMs: 1000 }] }),
          });
          latencies.push(performance.now() - t0);
          if (response.status === 202) placed.push({ orderId: (await response.json()).orderId, cookie: session.cookie });
          else refused.set(response.status, (refused.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    latencies.sort((a, b) => a - b);
    say(`submitted ${ORDERS} orders in ${submitSeconds.toFixed(1)} s (${(ORDERS / submitSeconds).toFixed(0)}/s) at concurrency ${CONCURRENCY}`);
    say(`POST /api/orders latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
    say(`accepted ${placed.length}, refused ${JSON.stringify(Object.fromEntries(refused))}`);
    if (placed.length !== ORDERS) failed = true;

    const renderStarted = Date.now();
    const pending = new Set(placed.map((p) => p.orderId));
    const results = new Map<string, { status: string; attempts: number }>();
    while (pending.size && Date.now() - started < TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 2000));
      for (const { orderId, cookie } of placed) {
        if (!pending.has(orderId)) continue;
        const order = await (await fetch(`${BASE}/api/orders/${orderId}`, { headers: { cookie } })).json();
        if (order.status === "done" || order.status === "failed") {
          pending.delete(orderId);
          results.set(orderId, { status: order.status, attempts: order.attempts });
        } else break; // orders render roughly in order; check again later
      }
    }
    const renderSeconds = (Date.now() - renderStarted) / 1000;
    const done = [...results.values()].filter((r) => r.status === "done");
    const renderedTwice = [...results.values()].filter((r) => r.attempts !== 1).length;
    const admin = await (await fetch(`${BASE}/api/admin/jobs`, { headers: { authorization: `Bearer ${ADMIN_PASSWORD}` } })).json();
    say(`rendered ${done.length}/${placed.length} in ${renderSeconds.toFixed(0)} s with ${WORKERS} workers; not finished ${pending.size}; failed ${results.size - done.length}; attempts ≠ 1: ${renderedTwice}`);
    say(`queue at the end: ${JSON.stringify(admin.queue)}`);
    if (pending.size || done.length !== placed.length || renderedTwice || admin.queue?.deadLetter) failed = true;
    say(failed ? "LOAD TEST FAILED" : "load test passed: every order exists, is done, rendered exactly once");
  } finally {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  say(`load test crashed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
