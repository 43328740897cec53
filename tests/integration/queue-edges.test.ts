import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getS3 } from "../../lib/platform/aws";
import { getQueueDepth } from "../../lib/platform/render-queue";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { createOrder } from "../../lib/server/orders/create-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { RenderConsumer } from "../../worker/src/consumer";
import { processOrder } from "../../worker/src/process-order";
import { sweepUnsentOrders } from "../../worker/src/sweep-unsent-orders";
import { makePhoto } from "../support/media";
import { startTcpProxy } from "../support/tcp-proxy";

// SQS down when an order comes in, two workers racing on one order, and a
// poison message that keeps failing until it is dead-lettered.

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;
let sqsProxy: Proxy;
const realSqs = { endpoint: process.env.SQS_ENDPOINT!, queueUrl: process.env.SQS_QUEUE_URL! };

beforeAll(async () => {
  // The web side of this file talks to SQS through a proxy the test can cut.
  const endpoint = new URL(realSqs.endpoint);
  sqsProxy = await startTcpProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
  process.env.SQS_ENDPOINT = sqsProxy.rewrite(realSqs.endpoint);
  process.env.SQS_QUEUE_URL = sqsProxy.rewrite(realSqs.queueUrl);
});
afterAll(async () => {
  await sqsProxy.close();
});

async function readyPhoto(session: string, seed: number) {
  const bytes = await readFile(await makePhoto(path.join(os.tmpdir(), `edge-${process.pid}-${seed}.jpg`), { seed, width: 800, height: 600 }));
  const created = await createUpload({ sessionId: session, body: { filename: "p.jpg", contentType: "image/jpeg", size: bytes.length } });
  await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  await completeUpload({ sessionId: session, assetId: created.assetId });
  return created.assetId;
}


function directConsumer() {
  // Workers reach SQS directly, not through the cut proxy.
  const sqs = new SQSClient({ region: getConfig().region, endpoint: realSqs.endpoint });
  return new RenderConsumer({ sqs, queueUrl: realSqs.queueUrl, workerHost: "edge-worker", waitTimeSeconds: 1, visibilityTimeoutSeconds: 20 });
}

describe("SQS unreachable when an order is submitted", () => {
  it("accepts and stores the order, then sends it once SQS is back; rendered once", async () => {
    const session = createId();
    const assetId = await readyPhoto(session, 21);
    sqsProxy.down();
    const startedAt = Date.now();
    const { orderId } = await createOrder({ sessionId: session, body: { slides: [{ assetId, durationMs: 1000 }] } });
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    const stored = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(stored).toMatchObject({ status: "queued", enqueuedAt: null });

    sqsProxy.up();
    expect(await sweepUnsentOrders({ olderThanMs: 0 })).toBe(1);
    expect(await sweepUnsentOrders({ olderThanMs: 0 })).toBe(0); // sent once, not again
    const consumer = directConsumer();
    await consumer.start();
    try {
      await expect.poll(async () => (await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status === "done", { timeout: 90_000, interval: 200, message: "done" }).toBe(true);
    } finally {
      await consumer.stop();
    }
    expect((await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).attempts).toBe(1);
  });
});

describe("two workers racing on one order", () => {
  it("marks it done once and never serves a half-written result", async () => {
    const session = createId();
    const assetId = await readyPhoto(session, 22);
    sqsProxy.down(); // keep the queue out of it: this drives the handler directly
    const { orderId } = await createOrder({ sessionId: session, body: { slides: [{ assetId, durationMs: 2000 }, { assetId, durationMs: 2000 }] } });
    sqsProxy.up();
    const signal = new AbortController().signal;
    const outcomes = await Promise.all([
      processOrder(orderId, { workerHost: "racer-a", signal }),
      processOrder(orderId, { workerHost: "racer-b", signal }),
    ]);
    expect(outcomes.filter((o) => o === "done")).toHaveLength(1);
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "done", progress: 1, videoKey: `renders/${orderId}/video.mp4` });
    // A third delivery afterwards does nothing.
    expect(await processOrder(orderId, { workerHost: "late", signal })).toBe("skipped");
    await getDb().order.update({ where: { id: orderId }, data: { enqueuedAt: new Date() } }); // keep the sweeper away
  });
});

describe("a message that keeps failing", () => {
  it("is tried a bounded number of times, fails the order plainly, lands in the DLQ, and does not hold up others", async () => {
    const session = createId();
    const assetId = await readyPhoto(session, 23);
    const goodAsset = await readyPhoto(session, 24);
    // The photo vanishes from S3 after it was accepted: every attempt fails.
    const key = (await getDb().asset.findUniqueOrThrow({ where: { id: assetId } })).key;
    await getS3().send(new DeleteObjectCommand({ Bucket: getConfig().bucket, Key: key }));
    const deadBefore = (await getQueueDepth()).deadLetter;

    const poison = await createOrder({ sessionId: session, body: { slides: [{ assetId, durationMs: 1000 }] } });
    const good = await createOrder({ sessionId: session, body: { slides: [{ assetId: goodAsset, durationMs: 1000 }] } });
    const consumer = directConsumer();
    await consumer.start();
    try {
      await expect.poll(async () => (await getDb().order.findUniqueOrThrow({ where: { id: good.orderId } })).status === "done", { timeout: 90_000, interval: 200, message: "the good order" }).toBe(true);
      await expect.poll(async () => (await getDb().order.findUniqueOrThrow({ where: { id: poison.orderId } })).status === "failed", { timeout: 90_000, interval: 200, message: "the poison order to fail" }).toBe(true);
      await expect.poll(async () => (await getQueueDepth()).deadLetter === deadBefore + 1, { timeout: 60_000, interval: 200, message: "the dead-letter queue" }).toBe(true);
    } finally {
      await consumer.stop();
    }
    const failed = await getDb().order.findUniqueOrThrow({ where: { id: poison.orderId } });
    expect(failed.attempts).toBe(2); // the queue's maxReceiveCount in this suite
    expect(failed.error).toMatch(/could not make this video after several tries/);
    const goodOrder = await getDb().order.findUniqueOrThrow({ where: { id: good.orderId } });
    expect(goodOrder.finishedAt!.getTime()).toBeLessThan(failed.finishedAt!.getTime());
  });
});
