import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../../lib/platform/db";
import { createOrder } from "../../lib/server/orders/create-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { makePhoto } from "../support/media";
import { startTcpProxy } from "../support/tcp-proxy";
import { killWorkerGroup, startWorker, type WorkerProcess } from "../support/worker-process";

// Postgres or S3 goes away under a rendering worker: the message is kept,
// the order is retried, and it completes once the dependency is back.

const GATED_FFMPEG = path.resolve(import.meta.dirname, "../support/gated-ffmpeg.mjs");
const cleanups: (() => Promise<unknown>)[] = [];
const workers: WorkerProcess[] = [];
afterEach(async (context) => {
  if (context.task.result?.state === "fail") {
    for (const worker of workers) process.stderr.write(`--- worker output ---\n${worker.output().slice(-8000)}\n`);
  }
  workers.length = 0;
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** An order for a 20-second 1080p story of stills (555 frames). */
async function placeOrder() {
  const session = createId();
  const bytes = await readFile(await makePhoto(path.join(os.tmpdir(), `outage-${process.pid}.jpg`), { seed: 7 }));
  const created = await createUpload({ sessionId: session, body: { filename: "p.jpg", contentType: "image/jpeg", size: bytes.length } });
  await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  await completeUpload({ sessionId: session, assetId: created.assetId });
  const slides = Array.from({ length: 4 }, () => ({ assetId: created.assetId, durationMs: 5000 }));
  return (await createOrder({ sessionId: session, body: { resolution: "1080p", slides } })).orderId;
}


function spawn(host: string, env: Record<string, string>, visibilitySeconds = 10): WorkerProcess {
  const worker = startWorker({ host, visibilitySeconds, env });
  workers.push(worker);
  cleanups.push(async () => {
    killWorkerGroup(worker, "SIGTERM");
    await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 15_000))]);
  });
  return worker;
}

describe.each([
  { name: "S3", variable: "S3_ENDPOINT" },
  { name: "Postgres", variable: "DATABASE_URL" },
])("$name briefly unavailable under a running worker", ({ variable }) => {
  it("keeps the message, retries, and completes once it is back", async () => {
    const real = new URL(process.env[variable]!);
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port) });
    cleanups.push(proxy.close);
    const orderId = await placeOrder();
    const worker = spawn(`outage-${variable}`, { [variable]: proxy.rewrite(real) });

    await expect.poll(async () => {
      const row = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
      return row.status === "rendering" && row.progress > 0.2;
    }, { timeout: 90_000, interval: 200, message: "rendering" }).toBe(true);
    proxy.down();
    await expect.poll(() => worker.output().includes("render.attempt_failed"), { timeout: 90_000, interval: 200, message: "the failed attempt" }).toBe(true);
    const during = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(during.status).toBe("rendering"); // not done, not failed: it will be retried
    proxy.up();

    // The retry renders the whole 20-second 1080p story again: on a busy 2-core machine that alone took over a minute.
    await expect.poll(async () => (await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status === "done", { timeout: 180_000, interval: 200, message: "done" }).toBe(true);
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.attempts).toBe(2);
    // The message is acknowledged right after the order is marked done.
    await expect.poll(() => worker.output().includes('"outcome":"done"'), { timeout: 10_000, interval: 200, message: "the acknowledgement" }).toBe(true);
  }, 300_000);
});

describe("SQS unreachable under a rendering worker", () => {
  it("stops ffmpeg when the heartbeat fails, and renders the order once SQS is back", async () => {
    const endpoint = new URL(process.env.SQS_ENDPOINT!);
    const proxy = await startTcpProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
    cleanups.push(proxy.close);
    // The render is held at frame 200 of 555 (tests/support/gated-ffmpeg.mjs)
    // until the lease is lost, so it cannot finish first, however fast it is.
    const gate = path.join(os.tmpdir(), `outage-gate-${process.pid}`);
    await writeFile(gate, "200");
    cleanups.push(() => rm(gate, { force: true }));
    const orderId = await placeOrder();
    // Visibility 6 s: a heartbeat every 2 s.
    const env = {
      SQS_ENDPOINT: proxy.rewrite(endpoint),
      SQS_QUEUE_URL: proxy.rewrite(process.env.SQS_QUEUE_URL!),
      FFMPEG_PATH: GATED_FFMPEG,
      GATED_FFMPEG_GATE: gate,
    };
    const worker = spawn("outage-sqs", env, 6);

    await expect.poll(async () => {
      const row = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
      return row.status === "rendering" && row.progress > 0.2;
    }, { timeout: 90_000, interval: 200, message: "rendering" }).toBe(true);
    proxy.down();
    await expect.poll(() => worker.output().includes("worker.heartbeat_failed"), { timeout: 90_000, interval: 200, message: "the lost lease" }).toBe(true);
    await expect.poll(async () => {
      const { stdout } = await promisify(execFile)("ps", ["-eo", "args"]);
      // The real ffmpeg and the gate in front of it.
      return !stdout.split("\n").some((line) => line.includes("ffmpeg") && line.includes(orderId));
    }, { timeout: 10_000, interval: 200, message: "ffmpeg to stop" }).toBe(true);
    const held = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(held.status).toBe("rendering");
    expect(held.progress).toBeLessThan(1);
    await rm(gate); // the retry renders freely
    proxy.up();

    // The retry renders the whole 20-second 1080p story again: on a busy 2-core machine that alone took over a minute.
    await expect.poll(async () => (await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status === "done", { timeout: 180_000, interval: 200, message: "done" }).toBe(true);
    expect((await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).attempts).toBe(2);
  });
});
