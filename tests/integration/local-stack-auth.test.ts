import { randomUUID } from "node:crypto";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, DeleteMessageCommand, ListQueuesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";

// The local stack (started by global-setup) must be closed to every other
// process on the machine: without this stack's credentials the S3 and SQS
// emulators answer 403 to everything, and Postgres refuses the old default
// password. Its own signed calls and presigned URLs keep working.

const env = process.env as Record<string, string>;
const bucket = env.S3_BUCKET;
const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
const s3With = (creds: typeof credentials) =>
  new S3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT, forcePathStyle: true, credentials: creds, maxAttempts: 1, requestChecksumCalculation: "WHEN_REQUIRED" });
const sqsWith = (creds: typeof credentials) => new SQSClient({ region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT, credentials: creds, maxAttempts: 1 });
const s3 = s3With(credentials);
const sqs = sqsWith(credentials);
const prefix = `auth-test/${randomUUID()}`;
const key = `${prefix}/photo.jpg`;
let queueUrl: string;

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const readObject = async (k: string) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k }))).Body!.transformToString();

beforeAll(async () => {
  expect(credentials.accessKeyId).not.toBe("S3RVER");
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "the customer's photo", ContentType: "image/jpeg" }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `auth-test-${Date.now()}` }))).QueueUrl!;
});

describe("S3 emulator", () => {
  it("answers 403 to unsigned list, get, put and delete, and changes nothing", async () => {
    const base = `${env.S3_ENDPOINT}/${bucket}`;
    const list = await fetch(`${base}?list-type=2&prefix=uploads/`);
    expect(list.status).toBe(403);
    const listBody = await list.text();
    expect(listBody).toContain("<Code>AccessDenied</Code>");
    expect(listBody).not.toContain(prefix);
    const get = await fetch(`${base}/${key}`);
    expect(get.status).toBe(403);
    expect(await get.text()).not.toContain("the customer's photo");
    expect((await fetch(`${base}/${key}`, { method: "PUT", body: "overwritten" })).status).toBe(403);
    expect((await fetch(`${base}/${key}`, { method: "DELETE" })).status).toBe(403);
    expect((await fetch(`${env.S3_ENDPOINT}/`)).status).toBe(403);
    expect(await readObject(key)).toBe("the customer's photo");
  });

  it("answers 403 to requests signed with the wrong secret, or with s3rver's old S3RVER key", async () => {
    for (const creds of [
      { accessKeyId: credentials.accessKeyId, secretAccessKey: "not-the-secret" },
      { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    ]) {
      const forged = s3With(creds);
      for (const send of [
        () => forged.send(new ListObjectsV2Command({ Bucket: bucket })),
        () => forged.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
        () => forged.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "overwritten" })),
        () => forged.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
      ]) {
        await expect(send()).rejects.toSatisfy((error: unknown) => statusOf(error) === 403);
      }
      forged.destroy();
    }
    expect(await readObject(key)).toBe("the customer's photo");
  });

  it("serves signed SDK calls and presigned PUT and GET URLs", async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
    const uploadKey = `${prefix}/upload.jpg`;
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: uploadKey, ContentType: "image/jpeg", ContentLength: 5 }), {
      expiresIn: 300,
      signableHeaders: new Set(["content-type", "content-length"]),
      unhoistableHeaders: new Set(["content-type", "content-length"]),
    });
    expect((await fetch(putUrl, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: "bytes" })).status).toBe(200);
    // The URL is for that size and type only.
    expect((await fetch(putUrl, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: "other!" })).status).toBe(403);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: uploadKey }), { expiresIn: 60 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe("bytes");
    // A presigned URL cannot be bent to another key.
    expect((await fetch(getUrl.replace("upload.jpg", "photo.jpg"))).status).toBe(403);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: uploadKey }));
  });

  it("answers a browser's CORS preflight unsigned, with headers only", async () => {
    const preflight = (path: string) =>
      fetch(`${env.S3_ENDPOINT}/${bucket}${path}`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost", "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
      });
    const object = await preflight(`/${prefix}/new.jpg`);
    expect(object.status).toBe(200);
    expect(object.headers.get("access-control-allow-origin")).toBeTruthy();
    expect(await object.text()).toBe("");
    // On the bucket itself (where a GET would list it), still nothing but headers.
    for (const response of [await preflight("?list-type=2"), await preflight(`/${key}`)]) {
      const body = await response.text();
      expect(body).not.toContain(prefix);
      expect(body).not.toContain("the customer's photo");
    }
  });
});

describe("SQS emulator", () => {
  const unsigned = (target: string, body: object) =>
    fetch(env.SQS_ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${target}` },
      body: JSON.stringify(body),
    });

  it("answers 403 to every unsigned action and to fauxqs's inspection routes", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "real" }));
    for (const [target, body] of [
      ["ListQueues", {}],
      ["SendMessage", { QueueUrl: queueUrl, MessageBody: '{"type":"render","orderId":"forged","specVersion":1}' }],
      ["ReceiveMessage", { QueueUrl: queueUrl }],
      ["DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: "x" }],
      ["PurgeQueue", { QueueUrl: queueUrl }],
    ] as const) {
      const response = await unsigned(target, body);
      expect({ target, status: response.status }).toEqual({ target, status: 403 });
      expect(await response.text()).not.toContain("real");
    }
    for (const path of ["/_fauxqs/queues", `/_fauxqs/queues/${queueUrl.split("/").pop()}`, "/health"]) {
      const response = await fetch(`${env.SQS_ENDPOINT}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    // Only the real message is there: no forged one arrived, the real one was neither taken nor purged.
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(["real"]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages![0].ReceiptHandle! }));
  });

  it("answers 403 to calls signed with the wrong secret or the old key", async () => {
    for (const creds of [
      { accessKeyId: credentials.accessKeyId, secretAccessKey: "not-the-secret" },
      { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    ]) {
      const forged = sqsWith(creds);
      await expect(forged.send(new ListQueuesCommand({}))).rejects.toSatisfy((error: unknown) => statusOf(error) === 403);
      await expect(forged.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "forged" }))).rejects.toSatisfy(
        (error: unknown) => statusOf(error) === 403,
      );
      await expect(forged.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).rejects.toSatisfy((error: unknown) => statusOf(error) === 403);
      forged.destroy();
    }
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages ?? []).toEqual([]);
  });

  it("serves signed SDK calls", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "signed ✓" }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(["signed ✓"]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages![0].ReceiptHandle! }));
  });
});

describe("Postgres", () => {
  const url = new URL(env.DATABASE_URL);
  const login = async (password: string) => {
    const client = new pg.Client({ host: url.hostname, port: Number(url.port), user: "postgres", password, database: "reelmaker" });
    try {
      await client.connect();
      return (await client.query("SELECT current_user AS who")).rows[0].who as string;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it("refuses the old default postgres/postgres and accepts the generated password", async () => {
    await expect(login("postgres")).rejects.toMatchObject({ code: "28P01" });
    await expect(login("")).rejects.toThrow();
    expect(decodeURIComponent(url.password)).not.toBe("postgres");
    expect(await login(decodeURIComponent(url.password))).toBe("postgres");
  });
});

describe("S3 emulator under a customer's parallel uploads", () => {
  it("keeps answering when a staging object is deleted while others are written into the same folder", async () => {
    // /complete deletes incoming/<session>/<asset> while the session's other photos are PUT beside it.
    const folder = `race-test/${randomUUID()}`;
    const body = Buffer.alloc(64 * 1024, 7);
    for (let round = 0; round < 40; round += 1) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${folder}/done-${round}`, Body: body }));
      const results = await Promise.allSettled([
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}/done-${round}` })),
        ...[0, 1, 2].map((i) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${folder}/next-${round}-${i}`, Body: body }))),
      ]);
      expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      await Promise.all([0, 1, 2].map((i) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}/next-${round}-${i}` }))));
    }
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${folder}/last`, Body: "still here" }));
    expect(await readObject(`${folder}/last`)).toBe("still here");
  }, 120_000);
});
