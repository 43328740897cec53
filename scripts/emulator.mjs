// Local stand-in for S3 and SQS, speaking their real wire protocols to the
// unmodified AWS SDK. Runs under the Node 24 that npm installs (fauxqs 2 needs
// node:sqlite) and is started by scripts/launch.ts, never in production.
//
// - S3: s3rver, objects on disk under EMU_DIR/s3, checks SigV4 signatures
//   (credentials S3RVER/S3RVER), so a presigned PUT whose Content-Length
//   differs from the signed one is refused like on AWS. Streams bodies, so
//   large uploads do not sit in memory.
// - SQS: fauxqs with SQLite persistence under EMU_DIR/sqs, so queued
//   messages, in-flight ones and the dead-letter queue survive a restart.
//
// Both listen on 127.0.0.1 only. Configuration (env, with defaults):
//   EMU_DIR       data folder                       (.data/emulator)
//   EMU_S3_PORT   S3 port                           (4568)
//   EMU_SQS_PORT  SQS port                          (4566)
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "fauxqs";

const require = createRequire(import.meta.url);
const S3rver = require("s3rver");
// fauxqs exports only buildApp/startFauxqs, and startFauxqs always binds
// 0.0.0.0; its persistence classes are wired here the same way it does.
const fauxqsDist = path.dirname(fileURLToPath(import.meta.resolve("fauxqs")));
const { PersistenceManager } = await import(path.join(fauxqsDist, "persistence.js"));
const { SqsStore } = await import(path.join(fauxqsDist, "sqs", "sqsStore.js"));
const { SnsStore } = await import(path.join(fauxqsDist, "sns", "snsStore.js"));
const { S3Store } = await import(path.join(fauxqsDist, "s3", "s3Store.js"));

const dir = path.resolve(process.env.EMU_DIR ?? ".data/emulator");
const s3Port = Number(process.env.EMU_S3_PORT ?? 4568);
const sqsPort = Number(process.env.EMU_SQS_PORT ?? 4566);
mkdirSync(path.join(dir, "s3"), { recursive: true });
mkdirSync(path.join(dir, "sqs"), { recursive: true });

const s3 = new S3rver({
  address: "127.0.0.1",
  port: s3Port,
  directory: path.join(dir, "s3"),
  silent: true,
  vhostBuckets: false,
});
await s3.run();

const persistence = new PersistenceManager(path.join(dir, "sqs"));
const sqsStore = new SqsStore();
const snsStore = new SnsStore();
persistence.loadSqsAndSns(sqsStore, snsStore);
sqsStore.persistence = persistence;
snsStore.persistence = persistence;
for (const queue of sqsStore.allQueues()) queue.persistence = persistence;
const sqs = buildApp({ logger: false, stores: { sqsStore, snsStore, s3Store: new S3Store() } });
sqs.addHook("preClose", () => persistence.close());
await sqs.listen({ port: sqsPort, host: "127.0.0.1" });

process.stdout.write(`emulator ready s3=127.0.0.1:${s3Port} sqs=127.0.0.1:${sqsPort}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([sqs.close(), s3.close()]);
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
