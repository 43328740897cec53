import os from "node:os";
import { getSqs } from "../../lib/server/aws/clients";
import { getConfig } from "../../lib/server/config";
import { log } from "../../lib/server/log";
import { RenderConsumer } from "./consumer";
import { WorkerHeartbeat } from "./heartbeat";
import { sweepUnsentOrders } from "./sweep-unsent-orders";

// The render worker process. Settings (env, with defaults):
//   WORKER_HOST                 name shown in the admin list   (os.hostname()-pid)
//   WORKER_VISIBILITY_SECONDS   lease per message, renewed     (60)
//   WORKER_WAIT_SECONDS         SQS long-poll wait; bounds shutdown time (10)
//   WORKER_SWEEP_SECONDS        how often unsent orders are re-sent (15)
//   WORKER_HEARTBEAT_SECONDS    heartbeat row in Postgres; lost after 3 missed (5)
//   WORKER_CANCEL_CHECK_SECONDS how often a render checks for a cancel (2)
//   REELMAKER_SUPERVISED        "1": exit when the parent process goes away (set by the launcher)
const config = getConfig();
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

await heartbeat.start();
await consumer.start();
