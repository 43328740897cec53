import os from "node:os";
import { getSqs } from "../../lib/platform/aws";
import { getConfig } from "../../lib/platform/config";
import { log } from "../../lib/platform/log";
import { RenderConsumer } from "./consumer";
import { encoderFromEnv } from "./ffmpeg/build-render-args";
import { WorkerHeartbeat } from "./heartbeat";
import { sweepUnsentOrders } from "./sweep-unsent-orders";
import { createTaskProtection } from "./task-protection";

// The render worker process. Settings (env, with defaults):
//   WORKER_HOST                 name shown in the admin list   (os.hostname()-pid)
//   WORKER_VISIBILITY_SECONDS   lease per message, renewed     (60)
//   WORKER_WAIT_SECONDS         SQS long-poll wait; bounds shutdown time (10)
//   WORKER_SWEEP_SECONDS        how often unsent orders are re-sent (15)
//   WORKER_PROTECTION_MINUTES   on ECS, scale-in protection per order (60)
//   WORKER_HEARTBEAT_SECONDS    heartbeat row in Postgres; lost after 3 missed (5)
//   WORKER_CANCEL_CHECK_SECONDS how often a render checks for a cancel (2)
//   REELMAKER_SUPERVISED        "1": exit when the parent process goes away (set by the launcher)
//   WORKER_ENCODER_THREADS      x264 threads                   (x264's choice from the usable CPUs)
// Started with an IPC channel (scripts/launch.ts), it reports when it is
// busy and idle ({ type: "activity", busy, orderId }) and takes
// { type: "retire" }: finish the order in hand, take no other, exit 0.
const config = getConfig();
encoderFromEnv(process.env); // a bad setting stops the worker here, not each order
const report = (message: object) => {
  if (process.send && process.connected) process.send(message, undefined, undefined, () => undefined);
};
const workerHost = process.env.WORKER_HOST ?? `${os.hostname()}-${process.pid}`;
const heartbeat = new WorkerHeartbeat({ host: workerHost, intervalMs: Number(process.env.WORKER_HEARTBEAT_SECONDS ?? 5) * 1000 });
const consumer = new RenderConsumer({
  heartbeat,
  cancelCheckMs: Number(process.env.WORKER_CANCEL_CHECK_SECONDS ?? 2) * 1000,
  sqs: getSqs(),
  queueUrl: config.queueUrl,
  workerHost,
  visibilityTimeoutSeconds: Number(process.env.WORKER_VISIBILITY_SECONDS ?? 60),
  waitTimeSeconds: Number(process.env.WORKER_WAIT_SECONDS ?? 10),
  onActivity: (activity) => report({ type: "activity", ...activity }),
  // ECS_AGENT_URI is set by ECS in every task; elsewhere there is nothing to protect.
  protection: createTaskProtection({
    agentUri: process.env.ECS_AGENT_URI,
    expiresInMinutes: Number(process.env.WORKER_PROTECTION_MINUTES ?? 60),
  }),
});

const sweepMs = Number(process.env.WORKER_SWEEP_SECONDS ?? 15) * 1000;
const sweeper = setInterval(() => {
  sweepUnsentOrders({ olderThanMs: sweepMs })
    .then((sent) => sent && log.info({ sent }, "worker.swept_unsent_orders"))
    .catch((error: unknown) => log.warn({ err: error }, "worker.sweep_failed"));
}, sweepMs);

let isStopping = false;
async function shutdown(signal: string) {
  if (isStopping) return;
  isStopping = true;
  log.info({ signal }, "worker.stopping");
  clearInterval(sweeper);
  const force = setTimeout(() => process.exit(1), 25_000);
  force.unref();
  await consumer.stop();
  await heartbeat.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
if (process.env.REELMAKER_SUPERVISED === "1") {
  // Under scripts/launch.ts: stop if the launcher disappears without telling us.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void shutdown("parent-exit"), 1000).unref();
}

// A retiring worker still stops at once on SIGTERM (the launcher stopping everything).
let isRetiring = false;
async function retire() {
  if (isStopping || isRetiring) return;
  isRetiring = true;
  log.info("worker.retiring");
  clearInterval(sweeper);
  await consumer.retire();
  process.exit(0);
}
if (process.send) {
  process.on("message", (message: { type?: string }) => {
    if (message?.type === "retire") void retire();
  });
  // The channel must not keep the process alive (the ppid check above stops an orphan).
  setImmediate(() => process.channel?.unref());
}

await heartbeat.start();
await consumer.start();
report({ type: "activity", busy: false });
