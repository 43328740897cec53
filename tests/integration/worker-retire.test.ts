import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it, vi } from "vitest";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { getSqs } from "../../lib/platform/aws";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { createOrder } from "../../lib/server/orders/create-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { workerProcess } from "../../scripts/ts-process";
import { makePhoto } from "../support/media";

// How the Encode Master scales in (scripts/fleet/worker-fleet.ts): a worker
// told to retire over its IPC channel in the middle of a render finishes
// that order (attempts 1), takes no other, and exits 0.

it("a worker told to retire mid-render finishes the order, takes no other and exits 0", async () => {
  const sessionId = createId();
  const file = await makePhoto(path.join(os.tmpdir(), `retire-${process.pid}.jpg`), { seed: 3, width: 1600, height: 1200 });
  const bytes = await readFile(file);
  const upload = await createUpload({ sessionId, body: { filename: "p.jpg", contentType: "image/jpeg", size: bytes.length } });
  expect((await fetch(upload.uploadUrl, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) })).status).toBe(200);
  await completeUpload({ sessionId, assetId: upload.assetId });
  const slides = [0, 1].map(() => ({ assetId: upload.assetId, durationMs: 6000, kenBurns: true }));
  const { orderId } = await createOrder({ sessionId, body: { resolution: "720p", slides } });

  const { command, args, env } = workerProcess();
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, ...env, REELMAKER_SERVICE: "worker", WORKER_HOST: "retiring-worker", WORKER_WAIT_SECONDS: "1", LOG_LEVEL: "info" },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const messages: { type: string; busy?: boolean; orderId?: string }[] = [];
  child.on("message", (message: { type: string; busy?: boolean; orderId?: string }) => messages.push(message));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  try {
    await vi.waitFor(() => {
      if (!messages.some((m) => m.type === "activity" && m.busy && m.orderId === orderId)) throw new Error(`timed out waiting for the render under way; ${output.slice(-3000)}`);
    }, { timeout: 60_000, interval: 200 });
    // A second order queued meanwhile must be left for another worker.
    const second = await createOrder({ sessionId, body: { resolution: "720p", slides: [{ assetId: upload.assetId, durationMs: 1000 }] } });
    child.send({ type: "retire" });
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 90_000))])).toBe(0);
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "done", attempts: 1 });
    const untouched = await getDb().order.findUniqueOrThrow({ where: { id: second.orderId } });
    expect(untouched).toMatchObject({ status: "queued", attempts: 0 });
    expect(messages.filter((m) => m.type === "activity").map((m) => m.busy)).toEqual([false, true, false]);
    expect(output).toContain('"msg":"worker.retiring"');
    // Leave the queue as we found it for the tests after this one.
    await vi.waitFor(async () => {
      const { Messages = [] } = await getSqs().send(
        new ReceiveMessageCommand({ QueueUrl: getConfig().queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 1 }),
      );
      const ours = Messages.filter((m) => m.Body?.includes(second.orderId));
      for (const message of ours) await getSqs().send(new DeleteMessageCommand({ QueueUrl: getConfig().queueUrl, ReceiptHandle: message.ReceiptHandle }));
      if (!(ours.length > 0)) throw new Error("timed out waiting for the second order's message");
    }, { timeout: 30_000, interval: 200 });
    await getDb().order.update({ where: { id: second.orderId }, data: { status: "failed", error: "test cleanup" } });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}, 180_000);
