import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SKEW_MS, verifySignature } from "./sigv4-verify.mjs";

// Real AWS SDK requests, captured as they arrive on a socket, then checked by
// the emulator's verifier: the right key passes, anything else is refused.

type Captured = { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer };
const good = { accessKeyId: "LOCALKEY0123", secretAccessKey: "the-right-secret" };
const wrongSecret = { accessKeyId: good.accessKeyId, secretAccessKey: "a-wrong-secret" };
let server: http.Server;
let endpoint: string;
let captured: Captured[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      captured.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(500, { "content-type": "text/plain" }).end("captured");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const s3 = (credentials = good) =>
  new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials, maxAttempts: 1, requestChecksumCalculation: "WHEN_REQUIRED" });
const sqs = (credentials = good) => new SQSClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

/** The request the SDK sent for this call (its answer, a 500, is ignored). */
async function capture(send: () => Promise<unknown>): Promise<Captured> {
  captured = [];
  await send().catch(() => undefined);
  expect(captured).toHaveLength(1);
  return captured[0];
}

const verify = (request: Captured, service: "s3" | "sqs", now?: number) =>
  verifySignature(request, { ...good, service, now });
const codeOf = async (promise: ReturnType<typeof verifySignature>) => (await promise)?.code ?? null;

describe("header-signed S3 requests", () => {
  it("accepts the SDK's signed list and put, and refuses a wrong secret or key", async () => {
    const list = await capture(() => s3().send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: "uploads/a b+c/" })));
    expect(await verify(list, "s3")).toBeNull();
    const put = await capture(() => s3().send(new PutObjectCommand({ Bucket: "bucket", Key: "renders/x y/ü.mp4", Body: "bytes" })));
    expect(put.headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/);
    expect(await verify(put, "s3")).toBeNull();

    const forged = await capture(() => s3(wrongSecret).send(new ListObjectsV2Command({ Bucket: "bucket" })));
    expect(await verifySignature(forged, { ...good, service: "s3" })).toEqual({ status: 403, code: "SignatureDoesNotMatch", message: expect.any(String) });
    const otherKey = await capture(() => s3({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }).send(new ListObjectsV2Command({ Bucket: "bucket" })));
    expect(await codeOf(verify(otherKey, "s3"))).toBe("InvalidAccessKeyId");
  });

  it("refuses a request changed after signing: path, query, a signed header", async () => {
    const get = await capture(() => s3().send(new GetObjectCommand({ Bucket: "bucket", Key: "uploads/s1/a1" })));
    expect(await verify(get, "s3")).toBeNull();
    expect(await codeOf(verify({ ...get, url: get.url.replace("s1/a1", "s2/a1") }, "s3"))).toBe("SignatureDoesNotMatch");
    const list = await capture(() => s3().send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: "uploads/s1/" })));
    expect(await codeOf(verify({ ...list, url: list.url.replace("s1", "s2") }, "s3"))).toBe("SignatureDoesNotMatch");
    const put = await capture(() => s3().send(new PutObjectCommand({ Bucket: "bucket", Key: "k", Body: "bytes" })));
    const otherHash = "0".repeat(64);
    expect(await codeOf(verify({ ...put, headers: { ...put.headers, "x-amz-content-sha256": otherHash } }, "s3"))).toBe("SignatureDoesNotMatch");
  });

  it("refuses unsigned requests, old dates, two mechanisms, and the scope of another service", async () => {
    const list = await capture(() => s3().send(new ListObjectsV2Command({ Bucket: "bucket" })));
    const unsigned = { ...list.headers, authorization: undefined };
    expect(await verifySignature({ ...list, headers: unsigned }, { ...good, service: "s3" })).toEqual({
      status: 403,
      code: "AccessDenied",
      message: expect.stringContaining("signed"),
    });
    expect(await codeOf(verify(list, "s3", Date.now() + MAX_SKEW_MS + 60_000))).toBe("RequestTimeTooSkewed");
    expect(await codeOf(verify({ ...list, url: `${list.url}&X-Amz-Signature=00` }, "s3"))).toBe("InvalidArgument");
    expect(await codeOf(verify(list, "sqs"))).toBe("AuthorizationHeaderMalformed");
    const noHash = { ...list, headers: { ...list.headers } };
    delete noHash.headers["x-amz-content-sha256"];
    expect(await codeOf(verify(noHash, "s3"))).toBe("InvalidRequest");
  });
});

describe("SQS requests (JSON protocol, body signed)", () => {
  it("accepts the SDK's SendMessage and refuses a changed body, a wrong secret and S3's scope", async () => {
    const send = await capture(() => sqs().send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, MessageBody: '{"orderId":"o1"} ✓' })));
    expect(await verify(send, "sqs")).toBeNull();
    // The SDK declares (and signs) the body's hash; the verifier hashes the body itself.
    const hash = (body: Buffer) => createHash("sha256").update(body).digest("hex");
    expect(send.headers["x-amz-content-sha256"]).toBe(hash(send.body));
    const forgedBody = Buffer.from(send.body.toString().replace("o1", "o2"));
    const withBody = (headers: http.IncomingHttpHeaders) => ({ ...send, body: forgedBody, headers: { ...send.headers, "content-length": String(forgedBody.length), ...headers } });
    expect(await codeOf(verify(withBody({}), "sqs"))).toBe("XAmzContentSHA256Mismatch");
    expect(await codeOf(verify(withBody({ "x-amz-content-sha256": hash(forgedBody) }), "sqs"))).toBe("SignatureDoesNotMatch");
    expect(await codeOf(verify(withBody({ "x-amz-content-sha256": undefined }), "sqs"))).toBe("SignatureDoesNotMatch");
    const forged = await capture(() => sqs(wrongSecret).send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, MessageBody: "x" })));
    expect(await codeOf(verify(forged, "sqs"))).toBe("SignatureDoesNotMatch");
    const s3Signed = await capture(() => s3().send(new ListObjectsV2Command({ Bucket: "bucket" })));
    expect(await codeOf(verify(s3Signed, "sqs"))).toBe("AuthorizationHeaderMalformed");
  });
});

describe("presigned (query-signed) URLs", () => {
  const presignPut = (credentials = good, expiresIn = 300) =>
    getSignedUrl(s3(credentials), new PutObjectCommand({ Bucket: "bucket", Key: "uploads/s1/a1", ContentType: "image/jpeg", ContentLength: 5 }), {
      expiresIn,
      signableHeaders: new Set(["content-type", "content-length"]),
      unhoistableHeaders: new Set(["content-type", "content-length"]),
    });
  const browserPut = (url: string, headers: Record<string, string> = {}) => {
    const { pathname, search, host } = new URL(url);
    return { method: "PUT", url: pathname + search, headers: { host, "content-type": "image/jpeg", "content-length": "5", origin: "http://localhost", ...headers } };
  };

  it("accepts the PUT it was made for, and refuses another size, type, key, or a wrong secret", async () => {
    const url = await presignPut();
    expect(await verifySignature(browserPut(url), { ...good, service: "s3" })).toBeNull();
    expect((await verifySignature(browserPut(url, { "content-length": "6" }), { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
    expect((await verifySignature(browserPut(url, { "content-type": "text/html" }), { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
    expect((await verifySignature(browserPut(url.replace("s1/a1", "s2/a1")), { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
    expect((await verifySignature({ ...browserPut(url), method: "DELETE" }, { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
    expect((await verifySignature(browserPut(await presignPut(wrongSecret)), { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
  });

  it("refuses an expired URL, one dated in the future, and a changed expiry", async () => {
    const url = await presignPut(good, 300);
    expect(await verifySignature(browserPut(url), { ...good, service: "s3", now: Date.now() + 299_000 })).toBeNull();
    expect(await verifySignature(browserPut(url), { ...good, service: "s3", now: Date.now() + 301_000 })).toEqual({
      status: 403,
      code: "AccessDenied",
      message: "Request has expired",
    });
    expect((await verifySignature(browserPut(url), { ...good, service: "s3", now: Date.now() - MAX_SKEW_MS - 60_000 }))?.message).toBe("Request is not yet valid");
    expect((await verifySignature(browserPut(url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000")), { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
  });

  it("accepts a download URL with a signed Content-Disposition and refuses it changed", async () => {
    const url = await getSignedUrl(
      s3(),
      new GetObjectCommand({ Bucket: "bucket", Key: "renders/o1/video.mp4", ResponseContentDisposition: 'attachment; filename="Our summer (1).mp4"' }),
      { expiresIn: 600 },
    );
    const { pathname, search, host } = new URL(url);
    const get = { method: "GET", url: pathname + search, headers: { host, range: "bytes=0-" } };
    expect(await verifySignature(get, { ...good, service: "s3" })).toBeNull();
    expect((await verifySignature({ ...get, url: get.url.replace("summer", "winter") }, { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
    expect((await verifySignature({ ...get, headers: { host: "evil.example" } }, { ...good, service: "s3" }))?.code).toBe("SignatureDoesNotMatch");
  });
});
