import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { getSqs } from "../../lib/platform/aws";
import { getQueueDepth } from "../../lib/platform/render-queue";
import { headObject, posterKey, videoKey } from "../../lib/platform/storage";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { getJob } from "../../lib/server/admin/get-job";
import { getStats } from "../../lib/server/admin/get-stats";
import { listJobs } from "../../lib/server/admin/list-jobs";
import { renderMetrics } from "../../lib/server/admin/metrics";
import { redriveDeadLetters } from "../../lib/server/admin/redrive-dead-letters";
import { retryFailedJobs } from "../../lib/server/admin/retry-failed-jobs";
import { AppError } from "../../lib/server/errors/app-error";
import { reportDesiredWorkers } from "../../lib/fleet/report-desired-workers";
import { getDesiredWorkers, setDesiredWorkers } from "../../lib/server/fleet/fleet-state";
import { listWorkers } from "../../lib/platform/workers";
import { cancelOrder } from "../../lib/server/orders/cancel-order";
import { createOrder } from "../../lib/server/orders/create-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { RenderConsumer } from "../../worker/src/consumer";
import { WorkerHeartbeat } from "../../worker/src/heartbeat";
import { makePhoto } from "../support/media";
import { killWorkerGroup, startWorker, type WorkerProcess } from "../support/worker-process";

// The operator's console on real parts: figures computed by Postgres from
// known orders, the figures a real render records, cancel of a queued and
// of a rendering order (a real worker process and its real ffmpeg), bulk
// retry, dead-letter redrive and the heartbeat's lost state.

const tmp = os.tmpdir();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upload(sessionId: string, seed: number) {
  const file = await makePhoto(path.join(tmp, `console-${process.pid}-${seed}.jpg`), { seed, width: 1280, height: 720 });
  const bytes = await readFile(file);
  const created = await createUpload({ sessionId, body: { filename: "p.jpg", contentType: "image/jpeg", size: bytes.length } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await completeUpload({ sessionId, assetId: created.assetId });
  return created.assetId;
}

/** A tiny story: 2 photos at 720p, `seconds` each. */
async function placeOrder(input: { title: string; seconds?: number; kenBurns?: boolean }) {
  const sessionId = createId();
  const ids = [await upload(sessionId, 11), await upload(sessionId, 12)];
  const spec = {
    title: input.title,
    resolution: "720p",
    slides: ids.map((assetId) => ({ assetId, durationMs: (input.seconds ?? 1) * 1000, kenBurns: input.kenBurns ?? false })),
  };
  const { orderId } = await createOrder({ sessionId, body: spec });
  return { orderId, sessionId };
}

function startConsumer(host: string, heartbeat?: WorkerHeartbeat) {
  const consumer = new RenderConsumer({ sqs: getSqs(), queueUrl: getConfig().queueUrl, workerHost: host, waitTimeSeconds: 1, visibilityTimeoutSeconds: 30, heartbeat, cancelCheckMs: 500 });
  cleanups.push(() => consumer.stop());
  return consumer.start().then(() => consumer);
}

const statusOf = async (orderId: string) => (await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status;

function waitForStatus(orderId: string, statuses: string[], timeoutMs = 60_000) {
  return vi.waitFor(async () => {
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    if (!statuses.includes(order.status)) throw new Error(`timed out waiting for order ${orderId} to be ${statuses.join("/")}`);
    return order;
  }, { timeout: timeoutMs, interval: 200 });
}

const waitForEmptyQueue = () =>
  vi.waitFor(async () => {
    const depth = await getQueueDepth();
    if (depth.visible + depth.inFlight !== 0) throw new Error("timed out waiting for the render queue to be empty");
  }, { timeout: 30_000, interval: 200 });

/** The pids of the ffmpeg processes whose parent is `pid`. */
async function ffmpegChildren(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const end = stat.lastIndexOf(")");
    if (end < 0) continue;
    const comm = stat.slice(stat.indexOf("(") + 1, end);
    const ppid = Number(stat.slice(end + 2).split(" ")[1]);
    if (comm === "ffmpeg" && ppid === pid) found.push(Number(entry));
  }
  return found;
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

describe("stats", () => {
  it("computes known figures for known orders in the window", async () => {
    // An hour of 2020 no other test writes into.
    const now = new Date("2020-06-01T12:00:00Z");
    const minute = (m: number) => new Date(now.getTime() - m * 60_000);
    const db = getDb();
    const base = { sessionId: createId(), spec: { title: "known", slides: [] }, specVersion: 1 };
    const rows = [];
    for (let i = 1; i <= 20; i += 1) {
      // Render times 1..20 s; CPU 3 s per video over its attempts; waits 0.1..2 s.
      rows.push({ ...base, id: `stats-done-${i}`, status: "done" as const, createdAt: minute(30), pickedUpAt: minute(29), finishedAt: minute(i % 2 ? 10 : 5), renderMs: i * 1000, queueWaitMs: i * 100, cpuSeconds: 3 });
    }
    rows.push({ ...base, id: "stats-failed-1", status: "failed" as const, createdAt: minute(20), finishedAt: minute(5), cpuSeconds: 9 });
    rows.push({ ...base, id: "stats-failed-2", status: "failed" as const, createdAt: minute(20), finishedAt: minute(5) });
    rows.push({ ...base, id: "stats-canceled", status: "canceled" as const, createdAt: minute(20), finishedAt: minute(4) });
    rows.push({ ...base, id: "stats-queued", status: "queued" as const, createdAt: minute(5) });
    // Outside the hour: counted in 24h only.
    rows.push({ ...base, id: "stats-old", status: "done" as const, createdAt: minute(300), pickedUpAt: minute(299), finishedAt: minute(290), renderMs: 100_000, queueWaitMs: 60_000, cpuSeconds: 50 });
    await db.order.createMany({ data: rows });
    await db.fleetSample.createMany({ data: [{ slot: Math.floor(minute(3).getTime() / 15000), at: minute(3), visible: 4, inFlight: 1, deadLetter: 2, workers: 3, rendering: 1 }] });

    const stats = await getStats({ window: "1h", now, queue: { visible: 1, inFlight: 0, deadLetter: 0 } });
    expect(stats.orders).toEqual({ received: 24, done: 20, failed: 2, canceled: 1 });
    expect(stats.renderSeconds).toEqual({ min: 1, p50: 10.5, avg: 10.5, p95: 19.05, max: 20 });
    expect(stats.queueWaitSeconds).toEqual({ p50: 1.05, p95: 1.905, max: 2 });
    expect(stats.oldestWaitingSeconds).toBe(300);
    expect(stats.cpuSecondsPerVideo).toBe(3);
    expect(stats.pricePerVcpuHourUsd).toBe(0.04048);
    expect(stats.costPerVideoUsd).toBeCloseTo((3 / 3600) * 0.04048, 6);
    expect(stats.bucketSeconds).toBe(60);
    expect(stats.perMinute).toHaveLength(61);
    const at = (m: number) => stats.perMinute.find((p) => p.t === minute(m).getTime() / 1000);
    expect(at(10)).toMatchObject({ done: 10, failed: 0 });
    expect(at(5)).toMatchObject({ done: 10, failed: 2, received: 1 });
    expect(at(30)).toMatchObject({ received: 20 });
    const series = stats.renderSecondsSeries.find((p) => p.t === minute(10).getTime() / 1000);
    expect(series).toEqual({ t: minute(10).getTime() / 1000, p50: 10, p95: 18.1 }); // 1,3,…,19 s
    expect(stats.samples).toEqual([{ t: minute(3).getTime() / 1000, visible: 4, inFlight: 1, deadLetter: 2, workers: 3, rendering: 1 }]);
    expect(stats.queue).toEqual({ visible: 1, inFlight: 0, deadLetter: 0 });

    const day = await getStats({ window: "24h", now, queue: null });
    expect(day.orders.done).toBe(21);
    expect(day.renderSeconds?.max).toBe(100);
    expect(day.cpuSecondsPerVideo).toBeCloseTo((20 * 3 + 50) / 21, 2);
    expect(day.bucketSeconds).toBe(900);
    // Rates per minute: 20 done in one 15-minute bucket is 20/15 a minute.
    expect(day.perMinute.reduce((sum, p) => sum + p.done * 15, 0)).toBeCloseTo(21, 1);

    await expect(getStats({ window: "2h" })).rejects.toThrow();
    await db.order.deleteMany({ where: { id: { startsWith: "stats-" } } });
  });

  it("says the desired fleet size only while the fleet manager reports it", async () => {
    await setDesiredWorkers(4);
    expect(await getDesiredWorkers()).toBe(4);
    expect(await getDesiredWorkers(new Date(Date.now() + 10 * 60_000))).toBeNull();
    await setDesiredWorkers(null);
    expect(await getDesiredWorkers()).toBeNull();
    // As the launcher reports it (plain pg, outside the web app).
    await reportDesiredWorkers({ databaseUrl: getConfig().databaseUrl, desired: 2 });
    expect(await getDesiredWorkers()).toBe(2);
    expect((await getStats({ window: "1h", queue: null })).fleet.desired).toBe(2);
    await setDesiredWorkers(null);
  });
});

describe("figures of a real render", () => {
  it("records queue wait, render and upload time, CPU, frames, size, host and the attempt", async () => {
    const heartbeat = new WorkerHeartbeat({ host: "it-figures", intervalMs: 300 });
    await heartbeat.start();
    cleanups.push(() => heartbeat.stop());
    const { orderId } = await placeOrder({ title: "Figures" });
    await startConsumer("it-figures", heartbeat);
    await waitForStatus(orderId, ["done"]);
    const job = await vi.waitFor(async () => {
      const detail = await getJob(orderId);
      if (!detail.attempts[0]?.endedAt) throw new Error("timed out waiting for the attempt to end");
      return detail;
    }, { timeout: 90_000, interval: 200 });
    // 2 s of photos less the 0.5 s crossfade, at 30 fps.
    expect(job.spec.durationMs).toBe(1500);
    expect(job.figures.frames).toBe(45);
    expect(job.figures.renderMs).toBeGreaterThan(0);
    expect(job.figures.uploadMs).toBeGreaterThanOrEqual(0);
    expect(job.figures.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(job.figures.outputBytes).toBe((await headObject(videoKey(orderId)))?.size);
    // The CPU of Node and of the ffmpeg it ran: at least the encoder's share, which a render of 45 frames does not do in 10 ms.
    expect(job.figures.cpuSeconds).toBeGreaterThan(0.05);
    expect(job.workerHost).toBe("it-figures");
    expect(job.attempts).toEqual([
      expect.objectContaining({ number: 1, host: "it-figures", outcome: "done", errorDetail: null, renderMs: job.figures.renderMs, cpuSeconds: job.figures.cpuSeconds }),
    ]);
    expect(job.spec).toMatchObject({ slides: 2, resolution: "720p", transition: "crossfade", hasMusic: false });
    expect(job.videoUrl).toMatch(/video\.mp4/);

    const worker = await vi.waitFor(async () => {
      const row = (await listWorkers()).items.find((w) => w.host === "it-figures");
      if (row?.rendersDone !== 1) throw new Error("timed out waiting for the heartbeat to count the render");
      return row;
    }, { timeout: 90_000, interval: 200 });
    expect(worker).toMatchObject({ state: "idle", orderId: null, rendersFailed: 0, lost: false });

    const metrics = await renderMetrics();
    expect(metrics.contentType).toContain("text/plain");
    expect(metrics.body).toMatch(/^reelmaker_render_seconds_count [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^reelmaker_render_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^reelmaker_orders\{status="done"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^reelmaker_queue_messages\{state="dead_letter"\} \d+$/m);
    expect(metrics.body).toMatch(/^reelmaker_workers\{state="idle"\} [1-9]\d*$/m);

    const found = await listJobs({ q: "figures" });
    expect(found.items.map((i) => i.id)).toContain(orderId);
    expect((await listJobs({ q: orderId.slice(0, 10) })).items.map((i) => i.id)).toEqual([orderId]);
    expect((await listJobs({ q: "figures", status: "failed" })).items.map((i) => i.id)).not.toContain(orderId);
    expect((await listJobs({ q: "%" })).items.map((i) => i.id)).not.toContain(orderId);
  });
});

describe("cancel", () => {
  it("a queued order never renders: its message is acknowledged", async () => {
    const { orderId, sessionId } = await placeOrder({ title: "Cancel queued" });
    // Another session's cancel does not find it.
    await expectAppError(cancelOrder({ orderId, sessionId: createId(), by: "customer" }), "not_found");
    await expect(cancelOrder({ orderId, sessionId, by: "customer" })).resolves.toEqual({ status: "canceled" });
    await expectAppError(cancelOrder({ orderId, by: "operator" }), "conflict", /this one is canceled/);
    await startConsumer("it-cancel-queued");
    await waitForEmptyQueue();
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "canceled", attempts: 0, videoKey: null });
    expect(await getDb().orderAttempt.count({ where: { orderId } })).toBe(0);
  });

  it("a rendering order stops within seconds: ffmpeg exits, the message is acknowledged, nothing is left", async () => {
    const { orderId } = await placeOrder({ title: "Cancel rendering", seconds: 10, kenBurns: true });
    const worker: WorkerProcess = startWorker({ host: "it-cancel-rendering", visibilitySeconds: 30, env: { WORKER_CANCEL_CHECK_SECONDS: "1", WORKER_HEARTBEAT_SECONDS: "1" } });
    cleanups.push(async () => {
      if (worker.child.exitCode === null && worker.child.signalCode === null) killWorkerGroup(worker);
      await worker.exited;
    });
    const pid = worker.child.pid!;
    const ffmpeg = await vi.waitFor(async () => {
      const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
      const children = await ffmpegChildren(pid);
      if (!(order.status === "rendering" && order.progress > 0 && children.length > 0)) throw new Error(`timed out waiting for ffmpeg to encode the order; ${worker.output()}`);
      return children;
    }, { timeout: 60_000, interval: 200 });
    const rendering = (await listWorkers()).items.find((w) => w.host === "it-cancel-rendering");
    expect(rendering).toMatchObject({ state: "rendering", orderId, lost: false });

    const canceledAt = Date.now();
    await cancelOrder({ orderId, by: "operator" });
    await vi.waitFor(async () => {
      if ((await ffmpegChildren(pid)).length !== 0) throw new Error("timed out waiting for ffmpeg to stop");
    }, { timeout: 5000, interval: 200 });
    expect(Date.now() - canceledAt).toBeLessThan(5000);
    for (const child of ffmpeg) await expect(readFile(`/proc/${child}/stat`, "utf8")).rejects.toThrow();
    const attempt = await vi.waitFor(async () => {
      const row = await getDb().orderAttempt.findFirst({ where: { orderId } });
      if (!row?.endedAt) throw new Error("timed out waiting for the attempt to end canceled");
      return row;
    }, { timeout: 90_000, interval: 200 });
    expect(attempt.outcome).toBe("canceled");
    expect(await statusOf(orderId)).toBe("canceled");
    await waitForEmptyQueue();
    expect(await headObject(videoKey(orderId))).toBeNull();
    expect(await headObject(posterKey(orderId))).toBeNull();
    expect((await readdir(tmp)).filter((name) => name.startsWith(`reelmaker-${orderId}-`))).toEqual([]);
    expect(worker.output()).toContain("render.canceled");

    // The worker dies without a word: 3 missed heartbeats (1 s each) and it is lost.
    killWorkerGroup(worker);
    await worker.exited;
    const lost = await vi.waitFor(async () => {
      const row = (await listWorkers()).items.find((w) => w.host === "it-cancel-rendering");
      if (!row?.lost) throw new Error("timed out waiting for the dead worker to show as lost");
      return row;
    }, { timeout: 10_000, interval: 200 });
    expect(Date.now() - new Date(lost.lastSeenAt).getTime()).toBeGreaterThan(3000);
  });
});

describe("heartbeat", () => {
  it("a worker not seen for 3 beats is lost; one that stopped cleanly is not", async () => {
    const silent = new WorkerHeartbeat({ host: "it-silent", intervalMs: 200, recordsSamples: false });
    await silent.beat(); // beats once and never again: a frozen or dead process
    const quiet = new WorkerHeartbeat({ host: "it-stopped", intervalMs: 200, recordsSamples: false });
    await quiet.start();
    await quiet.stop();
    const row = async (host: string) => (await listWorkers()).items.find((w) => w.host === host);
    expect(await row("it-silent")).toMatchObject({ lost: false, state: "idle" });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await row("it-silent")).toMatchObject({ lost: true });
    expect(await row("it-stopped")).toMatchObject({ lost: false, state: "stopped" });
    expect((await listWorkers()).items.at(-1)?.lost || (await listWorkers()).items.at(-1)?.state === "stopped").toBe(true);
  });
});

describe("retry and redrive", () => {
  it("retries every failed order, and refuses nothing else", async () => {
    // Orders other test files left failed would be retried too: set them aside, so this one is the only failed order.
    await getDb().order.updateMany({ where: { status: "failed" }, data: { status: "canceled" } });
    const { orderId } = await placeOrder({ title: "Bulk retry" });
    await getDb().order.update({ where: { id: orderId }, data: { status: "failed", error: "x", finishedAt: new Date() } });
    await getSqs().send(new PurgeQueueCommand({ QueueUrl: getConfig().queueUrl }));
    const { count } = await retryFailedJobs();
    expect(count).toBe(1);
    expect(await getDb().order.count({ where: { status: "failed" } })).toBe(0);
    await startConsumer("it-retry");
    await waitForStatus(orderId, ["done"]);
    expect(await retryFailedJobs()).toEqual({ count: 0 });
  });

  it("moves dead-lettered messages back and re-queues their failed orders", async () => {
    const { orderId } = await placeOrder({ title: "Redrive" });
    const { queueUrl, deadLetterQueueUrl } = getConfig();
    await getSqs().send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    // queue-edges leaves its dead-lettered message behind: start from an empty DLQ.
    await getSqs().send(new PurgeQueueCommand({ QueueUrl: deadLetterQueueUrl! }));
    // As after maxReceiveCount receives: the message is in the DLQ and the give-up path failed the order.
    await getDb().order.update({ where: { id: orderId }, data: { status: "failed", error: "gave up", finishedAt: new Date(), attempts: 2 } });
    await getSqs().send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl!, MessageBody: JSON.stringify({ type: "render", orderId, specVersion: 1 }) }));
    await vi.waitFor(async () => {
      if ((await getQueueDepth()).deadLetter !== 1) throw new Error("timed out waiting for the dead letter to count");
    }, { timeout: 90_000, interval: 200 });

    // The error text finds it.
    expect((await listJobs({ q: "GAVE UP" })).items.map((i) => i.id)).toContain(orderId);
    expect(await redriveDeadLetters()).toEqual({ count: 1, requeued: 1 });
    expect(await statusOf(orderId)).toBe("queued");
    expect((await getQueueDepth()).deadLetter).toBe(0);
    const moved = await getSqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 1 }));
    expect(moved.Messages?.map((m) => JSON.parse(m.Body ?? "").orderId)).toEqual([orderId]);
    await startConsumer("it-redrive");
    const done = await waitForStatus(orderId, ["done"]);
    expect(done.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(await redriveDeadLetters()).toEqual({ count: 0, requeued: 0 });
  });
});
