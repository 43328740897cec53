import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { ROOT, startLocalStack, type LocalStack } from "../../scripts/local-stack";

// `npm start` must keep photos, videos, orders and queued messages across a
// restart: start the local stack, write to each part, stop it, start it
// again on the same folder and read everything back.

const dataDir = path.join(ROOT, ".data", "test-restart");
const options = { dataDir, pgPort: 55435, s3Port: 45683, sqsPort: 45663, allowedOrigins: ["http://localhost"] };
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

it("keeps objects, queued messages and rows across a restart", async () => {
  await rm(dataDir, { recursive: true, force: true });
  // The suite's own stack sets these; this test starts a separate local one.
  const saved = { DATABASE_URL: process.env.DATABASE_URL, S3_BUCKET: process.env.S3_BUCKET, SQS_QUEUE_URL: process.env.SQS_QUEUE_URL };
  delete process.env.DATABASE_URL;
  delete process.env.S3_BUCKET;
  delete process.env.SQS_QUEUE_URL;
  try {
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
  } finally {
    Object.assign(process.env, saved);
  }
});
