// Local stand-in for S3 and SQS, speaking their real wire protocols to the
// unmodified AWS SDK. Runs under the Node 24 that npm installs (fauxqs 2 needs
// node:sqlite) and is started by scripts/local-stack.ts, never in production.
//
// - Every request must carry a valid SigV4 signature (Authorization header or
//   presigned URL) made with this stack's credentials, checked here by
//   re-signing it (scripts/sigv4-verify.mjs); anything else gets 403, so
//   another process on the machine cannot list, read, write or delete
//   objects or send, receive or delete messages. A browser's CORS preflight
//   (OPTIONS) is the one unsigned request: it reaches s3rver's CORS check,
//   which answers with headers and an empty body, never data.
// - S3: s3rver, objects on disk under EMU_DIR/s3, streamed (large uploads do
//   not sit in memory: an S3 body is never read for the check). s3rver itself
//   does not verify SigV4; it is given the same key so it knows the account.
//   A browser PUT whose Content-Length or Content-Type differs from the signed
//   one, or that comes after the URL expired, is refused with 403 as on AWS.
// - SQS: fauxqs with SQLite persistence under EMU_DIR/sqs, so queued
//   messages, in-flight ones and the dead-letter queue survive a restart. Its
//   bodies are small: they are read, hashed for the check, and handed on.
//
// Both listen on 127.0.0.1 only. Configuration (env, with defaults):
//   EMU_DIR                data folder                       (.data/emulator)
//   EMU_S3_PORT            S3 port                           (4568)
//   EMU_SQS_PORT           SQS port                          (4566)
//   EMU_ACCESS_KEY_ID      the one access key accepted       (required)
//   EMU_SECRET_ACCESS_KEY  its secret (env, never argv: `ps` shows argv) (required)
import { mkdirSync } from "node:fs";
import { unlink } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { buildApp } from "fauxqs";
import { verifySignature } from "./sigv4-verify.mjs";

const require = createRequire(import.meta.url);
const S3rver = require("s3rver");
const S3rverAccount = require("s3rver/lib/models/account");
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
const accessKeyId = process.env.EMU_ACCESS_KEY_ID;
const secretAccessKey = process.env.EMU_SECRET_ACCESS_KEY;
if (!accessKeyId || !secretAccessKey) {
  process.stderr.write("emulator: EMU_ACCESS_KEY_ID and EMU_SECRET_ACCESS_KEY must be set\n");
  process.exit(2);
}
mkdirSync(path.join(dir, "s3"), { recursive: true });
mkdirSync(path.join(dir, "sqs"), { recursive: true });

/** An SQS body larger than this is refused unread (fauxqs's own limit is 11 MiB; SQS messages are ≤ 1 MiB). */
const MAX_SQS_BODY = 11 * 1024 * 1024;
const escapeXml = (text) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

// s3rver knows only its built-in S3RVER account: give it ours, take that away.
S3rverAccount.DUMMY_ACCOUNT.revokeAccessKey("S3RVER");
S3rverAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const s3 = new S3rver({ directory: path.join(dir, "s3"), silent: true, vhostBuckets: false });
// s3rver's deleteObject also removes the key's folders once they are empty.
// That races a PUT into the same folder (incoming/<session>/ while a
// customer's other photos upload): the PUT makes the folder, the delete
// removes it, the PUT's file cannot be opened (ENOENT), and that unhandled
// error ends the emulator. Empty folders are harmless here: they are kept.
s3.store.deleteObject = async (bucket, key) => {
  const files = ["object", "object.md5", "metadata.json"].map((type) => s3.store.getResourcePath(bucket, key, type));
  await Promise.all(files.map((file) => unlink(file).catch((error) => { if (error.code !== "ENOENT") throw error; })));
};
const handleS3 = s3.callback();
const s3Server = http.createServer((req, res) => {
  // Only a CORS preflight goes unsigned; s3rver answers it from the bucket's CORS rule.
  const isPreflight = req.method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"];
  const check = isPreflight ? Promise.resolve(null) : verifySignature(req, { accessKeyId, secretAccessKey, service: "s3" });
  check.then(
    (problem) => {
      if (!problem) return handleS3(req, res);
      if (req.headers.origin) res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
      res.writeHead(problem.status, { "Content-Type": "application/xml", Connection: "close" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${problem.code}</Code><Message>${escapeXml(problem.message)}</Message></Error>`);
      req.resume();
    },
    () => {
      res.writeHead(500, { Connection: "close" }).end();
      req.resume();
    },
  );
});
await new Promise((resolve, reject) => s3Server.once("error", reject).listen(s3Port, "127.0.0.1", resolve));

const persistence = new PersistenceManager(path.join(dir, "sqs"));
const sqsStore = new SqsStore();
const snsStore = new SnsStore();
persistence.loadSqsAndSns(sqsStore, snsStore);
sqsStore.persistence = persistence;
snsStore.persistence = persistence;
for (const queue of sqsStore.allQueues()) queue.persistence = persistence;
const sqs = buildApp({ logger: false, stores: { sqsStore, snsStore, s3Store: new S3Store() } });
// Every route (SQS actions, and fauxqs's own S3 and /_fauxqs inspection
// routes) needs an SQS signature. preParsing sees the raw body stream: read it
// (bounded), check the signature over it, and hand fauxqs a copy to parse.
sqs.addHook("preParsing", async (request, reply, payload) => {
  const chunks = [];
  let size = 0;
  for await (const chunk of payload) {
    size += chunk.length;
    if (size > MAX_SQS_BODY) return refuseSqs(reply, { status: 413, code: "RequestEntityTooLarge", message: "Request body too large." });
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const problem = await verifySignature(
    { method: request.raw.method, url: request.raw.url, headers: request.headers, body },
    { accessKeyId, secretAccessKey, service: "sqs" },
  );
  if (problem) return refuseSqs(reply, problem);
  const copy = Readable.from([body]);
  copy.receivedEncodedLength = body.length;
  return copy;
});

/** Answers in the SQS JSON protocol's error shape, bypassing the route (hijack stops fastify's lifecycle). */
function refuseSqs(reply, problem) {
  reply.hijack();
  reply.raw.writeHead(problem.status, {
    "Content-Type": "application/x-amz-json-1.0",
    "x-amzn-query-error": `${problem.code};Sender`,
    Connection: "close",
  });
  reply.raw.end(JSON.stringify({ __type: `com.amazonaws.sqs#${problem.code}`, message: problem.message }));
}
sqs.addHook("preClose", () => persistence.close());
await sqs.listen({ port: sqsPort, host: "127.0.0.1" });

process.stdout.write(`emulator ready s3=127.0.0.1:${s3Port} sqs=127.0.0.1:${sqsPort}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([sqs.close(), new Promise((resolve) => s3Server.close(resolve))]);
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// Started by the launcher: never outlive it, even if it is killed outright.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1000).unref();
