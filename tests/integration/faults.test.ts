import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { promisify } from "node:util";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { STORY_SPEC_VERSION } from "../../lib/contracts/story-spec";
import { getS3 } from "../../lib/platform/aws";
import { sendRenderMessage, getQueueDepth } from "../../lib/platform/render-queue";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { createOrder } from "../../lib/server/orders/create-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { makePhoto, probeVideo } from "../support/media";
import { killWorkerGroup, startWorker, type WorkerProcess } from "../support/worker-process";
import path from "node:path";

// Faults on real worker processes, the real queue and real ffmpeg: a crashed
// or stopped worker never loses an order and never renders one twice.

const run = promisify(execFile);
const workers: WorkerProcess[] = [];

function spawnWorker(host: string, visibilitySeconds: number) {
  const worker = startWorker({ host, visibilitySeconds });
  workers.push(worker);
  return worker;
}

afterEach(async (context) => {
  if (context.task.result?.state === "fail") {
    for (const worker of workers) process.stderr.write(`--- worker output ---\n${worker.output().slice(-6000)}\n`);
  }
  for (const worker of workers.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      killWorkerGroup(worker, "SIGTERM");
      await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (worker.child.exitCode === null && worker.child.signalCode === null) killWorkerGroup(worker, "SIGKILL");
    }
  }
});

/** A story long enough (1080p, ~20 s of video) that a worker is caught mid-render. */
async function placeLongOrder(seconds = 20) {
  const session = createId();
  const file = await makePhoto(path.join(os.tmpdir(), `fault-${process.pid}-${Date.now()}.jpg`), { seed: 5, width: 1600, height: 1200 });
  const bytes = await readFile(file);
  const created = await createUpload({ sessionId: session, body: { filename: "p.jpg", contentType: "image/jpeg", size: bytes.length } });
  expect((await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  await completeUpload({ sessionId: session, assetId: created.assetId });
  const slides = Array.from({ length: seconds / 5 }, (_, i) => ({ assetId: created.assetId, durationMs: 5000, caption: `Part ${i + 1}` }));
  const { orderId } = await createOrder({ sessionId: session, body: { resolution: "1080p", slides } });
  return orderId;
}

// Signed (the emulator refuses its unsigned /_fauxqs inspection routes).
const explainQueues = () => getQueueDepth().then((depth) => `queues: ${JSON.stringify(depth)}`);

const getOrderRow = (orderId: string) => getDb().order.findUniqueOrThrow({ where: { id: orderId } });

async function listRenderKeys(orderId: string) {
  const listed = await getS3().send(new ListObjectsV2Command({ Bucket: getConfig().bucket, Prefix: `renders/${orderId}/` }));
  return (listed.Contents ?? []).map((o) => o.Key).sort();
}

async function expectRenderedOnce(orderId: string) {
  const order = await vi.waitFor(async () => {
    const row = await getOrderRow(orderId);
    if (row.status !== "done" && row.status !== "failed") throw new Error(`order ${orderId} is ${row.status}; ${await explainQueues()}`);
    return row;
  }, { timeout: 90_000, interval: 200 });
  expect(order.status).toBe("done");
  expect(await listRenderKeys(orderId)).toEqual([`renders/${orderId}/poster.jpg`, `renders/${orderId}/video.mp4`]);
  return order;
}

async function ffmpegProcessesFor(orderId: string) {
  const { stdout } = await run("ps", ["-eo", "args"]);
  return stdout.split("\n").filter((line) => line.startsWith("ffmpeg") && line.includes(orderId));
}

async function tempDirsFor(orderId: string) {
  return (await readdir(os.tmpdir())).filter((name) => name.startsWith(`reelmaker-${orderId}-`));
}

async function waitForQueueEmpty() {
  await vi.waitFor(async () => {
    const depth = await getQueueDepth();
    if (depth.visible + depth.inFlight !== 0) throw new Error(`the queue is not empty; ${await explainQueues()}`);
  }, { timeout: 30_000, interval: 200 });
}

describe("a worker killed mid-render", () => {
  it.each([1, 2, 3])("run %i: the message comes back and another worker finishes the order once", async () => {
    const orderId = await placeLongOrder();
    const first = spawnWorker("doomed", 4);
    await expect.poll(async () => {
      const row = await getOrderRow(orderId);
      return row.status === "rendering" && row.progress > 0.2;
    }, { timeout: 90_000, interval: 200, message: "rendering" }).toBe(true);
    killWorkerGroup(first);
    await first.exited;

    spawnWorker("survivor", 4);
    const order = await expectRenderedOnce(orderId);
    expect(order).toMatchObject({ attempts: 2, workerHost: "survivor", progress: 1 });
    const local = path.join(os.tmpdir(), `fault-video-${orderId}.mp4`);
    const object = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: `renders/${orderId}/video.mp4` }));
    await writeFile(local, await object.Body!.transformToByteArray());
    expect(Math.abs((await probeVideo(local)).durationSec - order.durationMs! / 1000)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    // The killed worker's ffmpeg died with it (its progress pipe broke).
    await expect.poll(async () => (await ffmpegProcessesFor(orderId)).length === 0, { timeout: 10_000, interval: 200, message: "no stray ffmpeg" }).toBe(true);
    await waitForQueueEmpty();
  });
});

describe("SIGTERM", () => {
  it("stops the worker promptly, releases its message, and leaves no ffmpeg or temp files", async () => {
    const orderId = await placeLongOrder();
    const first = spawnWorker("stopping", 30);
    await expect.poll(async () => {
      const row = await getOrderRow(orderId);
      return row.status === "rendering" && row.progress > 0.2;
    }, { timeout: 90_000, interval: 200, message: "rendering" }).toBe(true);
    const stoppedAt = Date.now();
    killWorkerGroup(first, "SIGTERM");
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(await ffmpegProcessesFor(orderId)).toEqual([]);
    expect(await tempDirsFor(orderId)).toEqual([]);
    expect(first.output()).toContain("worker.message_released");

    // Released, not left to its 30 s visibility timeout: picked up at once.
    const restartedAt = Date.now();
    spawnWorker("next", 30);
    await expect.poll(async () => (await getOrderRow(orderId)).attempts === 2, { timeout: 20_000, interval: 200, message: "picked up again" }).toBe(true);
    expect(Date.now() - restartedAt).toBeLessThan(20_000);
    await expectRenderedOnce(orderId);
    await waitForQueueEmpty();
  });
});

describe("long renders and duplicates", () => {
  it("heartbeats keep a render longer than the visibility timeout to one worker", async () => {
    const orderId = await placeLongOrder(30);
    spawnWorker("one", 3);
    spawnWorker("two", 3);
    const order = await expectRenderedOnce(orderId);
    // Rendering took several visibility timeouts, yet nobody else started it.
    expect(order.finishedAt!.getTime() - order.startedAt!.getTime()).toBeGreaterThan(3000);
    expect(order.attempts).toBe(1);
    await waitForQueueEmpty();
  });

  it("the same message delivered twice renders the order once", async () => {
    const orderId = await placeLongOrder(10);
    await sendRenderMessage({ type: "render", orderId, specVersion: STORY_SPEC_VERSION });
    const worker = spawnWorker("solo", 10);
    const order = await expectRenderedOnce(orderId);
    await waitForQueueEmpty();
    expect((await getOrderRow(orderId)).finishedAt).toEqual(order.finishedAt);
    expect(order.attempts).toBe(1);
    await expect.poll(() => worker.output().includes('"outcome":"skipped"'), { timeout: 10_000, interval: 200, message: "the skipped duplicate" }).toBe(true);
  });
});
