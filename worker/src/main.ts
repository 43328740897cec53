import os from "node:os";
import { getSqs } from "../../lib/platform/aws";
import { getConfig, readSettings, workerSchema } from "../../lib/platform/config";
import { log } from "../../lib/platform/log";
import { RenderConsumer } from "./consumer";
import { encoderFromEnv } from "./ffmpeg/build-render-args";
import { WorkerHeartbeat } from "./heartbeat";
import { removeAbandonedJobFolders } from "./job-folder";
import { sweepUnsentOrders } from "./sweep-unsent-orders";
import { createTaskProtection } from "./task-protection";

// The render worker process. Its settings, each with its default, are
// workerSchema in lib/platform/config.ts (WORKER_ENCODER_THREADS turned
// into x264 settings by encoderFromEnv, ffmpeg/build-render-args.ts).
// Started with an IPC channel (scripts/launch.ts), it reports when it is
// busy and idle ({ type: "activity", busy, orderId }) and takes
// { type: "retire" }: finish the order in hand, take no other, exit 0.
const config = getConfig();
const settings = readSettings(workerSchema); // lib/platform/config.ts: each setting, its default
const encoder = encoderFromEnv(process.env); // a bad setting stops the worker here, not each order
const report = (message: object) => {
  if (process.send && process.connected) process.send(message, undefined, undefined, () => undefined);
};
const workerHost = settings.WORKER_HOST ?? `${os.hostname()}-${process.pid}`;
const heartbeat = new WorkerHeartbeat({ host: workerHost, intervalMs: settings.WORKER_HEARTBEAT_SECONDS * 1000 });
const consumer = new RenderConsumer({
  heartbeat,
  cancelCheckMs: settings.WORKER_CANCEL_CHECK_SECONDS * 1000,
  sqs: getSqs(),
  queueUrl: config.queueUrl,
  workerHost,
  visibilityTimeoutSeconds: settings.WORKER_VISIBILITY_SECONDS,
  waitTimeSeconds: settings.WORKER_WAIT_SECONDS,
  encoder,
  onActivity: (activity) => report({ type: "activity", ...activity }),
  // ECS_AGENT_URI is set by ECS in every task; elsewhere there is nothing to protect.
  protection: createTaskProtection({
    agentUri: settings.ECS_AGENT_URI,
    expiresInMinutes: settings.WORKER_PROTECTION_MINUTES,
  }),
});

// Temp folders left by workers that were killed mid-render (no other worker removes a live one's).
removeAbandonedJobFolders()
  .then((folders) => folders.length && log.info({ count: folders.length }, "worker.removed_abandoned_job_folders"))
  .catch((error: unknown) => log.warn({ err: error }, "worker.job_folder_cleanup_failed"));

const sweepMs = settings.WORKER_SWEEP_SECONDS * 1000;
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
if (settings.REELMAKER_SUPERVISED === "1") {
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
