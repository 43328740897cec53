// Local stand-in for S3 and SQS, speaking their real wire protocols to the
// unmodified AWS SDK. Runs under the Node 24 that npm installs (fauxqs 2 needs
// node:sqlite) and is started by scripts/launch.ts, never in production.
//
// - S3: s3rver, objects on disk under EMU_DIR/s3, streamed (large uploads do
//   not sit in memory). s3rver does not verify SigV4, so presigned requests
//   are verified here first (credentials S3RVER/S3RVER): a browser PUT whose
//   Content-Length or Content-Type differs from the signed one, or that
//   comes after the URL expired, is refused with 403 as on AWS.
// - SQS: fauxqs with SQLite persistence under EMU_DIR/sqs, so queued
//   messages, in-flight ones and the dead-letter queue survive a restart.
//
// Both listen on 127.0.0.1 only. Configuration (env, with defaults):
//   EMU_DIR       data folder                       (.data/emulator)
//   EMU_S3_PORT   S3 port                           (4568)
//   EMU_SQS_PORT  SQS port                          (4566)
import { createHmac, createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import http from "node:http";
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

const S3_SECRET = "S3RVER";
const encode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** Why a presigned (query-signed) request must be refused, or null. */
export function checkPresignedRequest(req, now = Date.now()) {
  const url = new URL(req.url, "http://emulator");
  const q = url.searchParams;
  if (!q.has("X-Amz-Signature")) return null; // header-signed SDK calls from our own server
  const amzDate = q.get("X-Amz-Date") ?? "";
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!Number.isFinite(signedAt)) return "AuthorizationQueryParametersError";
  if (now > signedAt + Number(q.get("X-Amz-Expires") ?? 0) * 1000) return "AccessDenied: Request has expired";
  const [accessKey, ...scopeParts] = (q.get("X-Amz-Credential") ?? "").split("/");
  if (accessKey !== "S3RVER" || scopeParts.length !== 4) return "InvalidAccessKeyId";
  const signedHeaders = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
  const canonicalQuery = [...q.entries()]
    .filter(([key]) => key !== "X-Amz-Signature")
    .map(([key, value]) => [encode(key), encode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(req.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders.join(";"), "UNSIGNED-PAYLOAD"].join("\n");
  const scope = scopeParts.join("/");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
  const [day, region, service] = scopeParts;
  const key = hmac(hmac(hmac(hmac(`AWS4${S3_SECRET}`, day), region), service), "aws4_request");
  const expected = createHmac("sha256", key).update(stringToSign).digest("hex");
  return expected === q.get("X-Amz-Signature") ? null : "SignatureDoesNotMatch";
}

const s3 = new S3rver({ directory: path.join(dir, "s3"), silent: true, vhostBuckets: false });
const handleS3 = s3.callback();
const s3Server = http.createServer((req, res) => {
  const problem = req.method === "OPTIONS" ? null : checkPresignedRequest(req);
  if (!problem) return handleS3(req, res);
  const [code, message = "The request signature we calculated does not match the signature you provided."] = problem.split(": ");
  if (req.headers.origin) res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
  res.writeHead(403, { "Content-Type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  req.resume();
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
