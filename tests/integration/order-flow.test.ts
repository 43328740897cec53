import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getS3, getSqs } from "../../lib/platform/aws";
import { getQueueDepth } from "../../lib/platform/render-queue";
import { headObject, stagingKey } from "../../lib/platform/storage";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { AppError } from "../../lib/server/errors/app-error";
import { createOrder } from "../../lib/server/orders/create-order";
import { getOrder } from "../../lib/server/orders/get-order";
import { getOrderMediaUrl } from "../../lib/server/orders/get-order-media";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { RenderConsumer } from "../../worker/src/consumer";
import { sweepUnsentOrders } from "../../worker/src/sweep-unsent-orders";
import { grabFrameAt, makeBandedPhoto, makePhoto, meanColor } from "../support/media";

// The whole order path on real parts: Postgres, the S3/SQS emulator over
// HTTP, real ffmpeg, the real queue consumer.

const tmp = os.tmpdir();
let consumer: RenderConsumer;

async function upload(sessionId: string, bytes: Buffer, contentType = "image/jpeg", declaredSize = bytes.length) {
  const created = await createUpload({ sessionId, body: { filename: "photo.jpg", contentType, size: declaredSize } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  return created.assetId;
}

async function photoBytes(seed: number, format: "jpeg" | "png" = "jpeg") {
  const file = await makePhoto(path.join(tmp, `flow-${process.pid}-${seed}.${format}`), { seed, width: 900, height: 600, format });
  return readFile(file);
}

function waitForStatus(orderId: string, statuses: string[]) {
  return vi.waitFor(async () => {
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    if (!statuses.includes(order.status)) throw new Error(`order ${orderId} is ${order.status}, not yet ${statuses.join("/")}`);
    return order;
  }, { timeout: 60_000, interval: 200 });
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

beforeAll(async () => {
  consumer = new RenderConsumer({ sqs: getSqs(), queueUrl: getConfig().queueUrl, workerHost: "it-worker", waitTimeSeconds: 1, visibilityTimeoutSeconds: 30 });
  await consumer.start();
});
afterAll(async () => {
  await consumer.stop();
});

describe("uploads", () => {
  it("accepts a real photo and reads its size", async () => {
    const session = createId();
    const id = await upload(session, await photoBytes(1));
    await expect(completeUpload({ sessionId: session, assetId: id })).resolves.toEqual({ id, status: "ready", kind: "image", width: 900, height: 600 });
  });

  it.each([
    ["a text file sent as JPEG", Buffer.from("hello, this is not a photo at all"), "image/jpeg", /not a JPEG, PNG or WebP/],
    ["a PNG sent as JPEG", "png", "image/jpeg", /is a PNG but was sent as JPEG/],
    ["a truncated JPEG header", "truncated", "image/jpeg", /damaged or incomplete/],
    ["a 30000×30000 decompression bomb", "bomb", "image/jpeg", /30000×30000 pixels/],
    // Its header is whole, its picture is not (`head -c` of a real photo): only decoding it all finds out.
    ["a truncated JPEG", "cut-jpeg", "image/jpeg", /^This photo is damaged or incomplete and cannot be read$/],
    ["a truncated PNG", "cut-png", "image/png", /^This photo is damaged or incomplete and cannot be read$/],
    ["a JPEG header with garbage instead of a picture", "garbage", "image/jpeg", /^This photo is damaged or incomplete and cannot be read$/],
  ])("refuses %s", async (_name, kind, contentType, message) => {
    const session = createId();
    let bytes: Buffer;
    if (kind === "png") bytes = await photoBytes(2, "png");
    else if (kind === "truncated") bytes = (await photoBytes(3)).subarray(0, 20);
    else if (kind === "cut-jpeg") bytes = await photoBytes(6).then((whole) => whole.subarray(0, Math.floor(whole.length * 0.6)));
    else if (kind === "cut-png") bytes = await photoBytes(7, "png").then((whole) => whole.subarray(0, Math.floor(whole.length * 0.6)));
    else if (kind === "garbage") bytes = Buffer.concat([(await photoBytes(8)).subarray(0, 600), Buffer.alloc(4000, 0x55)]);
    else if (kind === "bomb") bytes = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x75, 0x30, 0x75, 0x30, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
    else bytes = kind as Buffer;
    const id = await upload(session, bytes, contentType);
    await expectAppError(completeUpload({ sessionId: session, assetId: id }), "invalid_image", message);
    // A refused upload stays refused.
    await expectAppError(completeUpload({ sessionId: session, assetId: id }), "invalid_image");
  });

  it("S3 refuses a PUT of another size or type than signed, or after expiry", async () => {
    const session = createId();
    const bytes = await photoBytes(4);
    const created = await createUpload({ sessionId: session, body: { filename: "a.jpg", contentType: "image/jpeg", size: bytes.length } });
    const shorter = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes.subarray(0, 1000)) });
    expect(shorter.status).toBe(403);
    const retyped = await fetch(created.uploadUrl, { method: "PUT", headers: { "Content-Type": "image/png" }, body: new Uint8Array(bytes) });
    expect(retyped.status).toBe(403);
    const expired = new URL(created.uploadUrl);
    expired.searchParams.set("X-Amz-Date", "20200101T000000Z");
    expect((await fetch(expired, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) })).status).toBe(403);
    await expectAppError(completeUpload({ sessionId: session, assetId: created.assetId }), "upload_incomplete");
  });

  it("refuses an object whose size differs from the one announced", async () => {
    const session = createId();
    const bytes = await photoBytes(5);
    const created = await createUpload({ sessionId: session, body: { filename: "a.jpg", contentType: "image/jpeg", size: bytes.length - 100 } });
    // Written around the presigned URL, as a misbehaving client of another S3-compatible store could.
    await getS3().send(new PutObjectCommand({ Bucket: getConfig().bucket, Key: stagingKey(session, created.assetId), Body: bytes, ContentType: "image/jpeg" }));
    await expectAppError(completeUpload({ sessionId: session, assetId: created.assetId }), "invalid_image", /not the \d+ announced/);
  });

  it("says when nothing was uploaded yet, and hides other sessions' uploads", async () => {
    const session = createId();
    const created = await createUpload({ sessionId: session, body: { filename: "a.jpg", contentType: "image/jpeg", size: 1000 } });
    await expectAppError(completeUpload({ sessionId: session, assetId: created.assetId }), "upload_incomplete");
    await expectAppError(completeUpload({ sessionId: createId(), assetId: created.assetId }), "not_found");
  });

  it.each([
    [{ filename: "a.svg", contentType: "image/svg+xml", size: 100 }],
    [{ filename: "a.jpg", contentType: "image/jpeg", size: 0 }],
    [{ filename: "a.jpg", contentType: "image/jpeg", size: 26 * 1024 * 1024 }],
    [{ filename: "", contentType: "image/jpeg", size: 10 }],
    [{ filename: "a.jpg", contentType: "image/jpeg", size: 10, extra: true }],
  ])("refuses the upload request %j", async (body) => {
    await expect(createUpload({ sessionId: createId(), body })).rejects.toBeInstanceOf(ZodError);
  });

  it("keeps a path-traversal file name out of the object key", async () => {
    const session = createId();
    const created = await createUpload({ sessionId: session, body: { filename: "../../etc/passwd.jpg", contentType: "image/jpeg", size: 10 } });
    const asset = await getDb().asset.findUniqueOrThrow({ where: { id: created.assetId } });
    expect(asset.key).toBe(`uploads/${session}/${created.assetId}`);
    expect(asset.filename).toBe("passwd.jpg");
  });
});

describe("music uploads", () => {
  const execFileAsync = promisify(execFile);
  async function audioBytes(extension: string, codecArgs: string[]) {
    const file = path.join(tmp, `flow-${process.pid}-tone.${extension}`);
    await execFileAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", ...codecArgs, file]);
    return readFile(file);
  }

  it.each([
    ["MP3", "mp3", ["-c:a", "libmp3lame"], "audio/mpeg"],
    ["M4A (declared as audio/x-m4a)", "m4a", ["-c:a", "aac"], "audio/x-m4a"],
    ["WAV", "wav", [], "audio/wav"],
    ["FLAC", "flac", [], "audio/flac"],
    ["Ogg", "ogg", ["-c:a", "libvorbis"], "audio/ogg"],
  ])("accepts %s music", async (_name, extension, codecArgs, contentType) => {
    const session = createId();
    const id = await upload(session, await audioBytes(extension, codecArgs as string[]), contentType);
    await expect(completeUpload({ sessionId: session, assetId: id })).resolves.toEqual({ id, status: "ready", kind: "audio" });
  });

  it("refuses a file that is not music, and types it cannot use", async () => {
    const session = createId();
    const id = await upload(session, Buffer.from("definitely not an mp3 file, only text"), "audio/mpeg");
    await expectAppError(completeUpload({ sessionId: session, assetId: id }), "invalid_image", /not MP3, M4A, AAC, WAV, OGG or FLAC music/);
    for (const contentType of ["video/mp4", "audio/midi", "application/octet-stream"]) {
      const error = await createUpload({ sessionId: session, body: { filename: "x", contentType, size: 10 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0].message).toMatch(/MP3, M4A, AAC, WAV, OGG and FLAC music/);
    }
  });

  it("orders with music; refuses a photo as music and music as a photo", async () => {
    const session = createId();
    const photo = await upload(session, await photoBytes(21));
    await completeUpload({ sessionId: session, assetId: photo });
    const song = await upload(session, await audioBytes("wav", []), "audio/wav");
    await completeUpload({ sessionId: session, assetId: song });
    await expectAppError(createOrder({ sessionId: session, body: { slides: [{ assetId: photo }], music: { assetId: photo } } }), "validation_failed", /music.assetId: this upload is not music/);
    await expectAppError(createOrder({ sessionId: session, body: { slides: [{ assetId: song }] } }), "validation_failed", /slides.0.assetId: this upload is not a photo/);
    await expectAppError(createOrder({ sessionId: session, body: { slides: [{ assetId: photo }], music: { assetId: "nope" } } }), "validation_failed", /no such music/);
    const order = await createOrder({ sessionId: session, body: { slides: [{ assetId: photo, durationMs: 1000 }], music: { assetId: song } } });
    const done = await waitForStatus(order.orderId, ["done", "failed"]);
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
  });
});

describe("orders", () => {
  it("renders an order end to end and deletes its message", async () => {
    const session = createId();
    const ids = [await upload(session, await photoBytes(11)), await upload(session, await photoBytes(12))];
    for (const id of ids) await completeUpload({ sessionId: session, assetId: id });
    const { orderId, statusUrl } = await createOrder({
      sessionId: session,
      body: { title: "Our summer", slides: [{ assetId: ids[0], caption: "Day one" }, { assetId: ids[1], durationMs: 2000 }] },
    });
    expect(statusUrl).toBe(`/api/orders/${orderId}`);
    const done = await waitForStatus(orderId, ["done", "failed"]);
    expect(done.status).toBe("done");
    expect(done).toMatchObject({ progress: 1, attempts: 1, workerHost: "it-worker", durationMs: 4500 });
    expect(done.startedAt!.getTime()).toBeLessThanOrEqual(done.finishedAt!.getTime());
    expect((await headObject(`renders/${orderId}/video.mp4`))?.size).toBeGreaterThan(1000);
    expect((await headObject(`renders/${orderId}/poster.jpg`))?.size).toBeGreaterThan(1000);

    const view = await getOrder({ sessionId: session, orderId });
    expect(view).toMatchObject({ status: "done", title: "Our summer", durationMs: 4500 });
    // The view hands out app URLs; each signs a fresh storage URL when asked.
    expect(view).toMatchObject({ downloadUrl: `/api/orders/${orderId}/download`, videoUrl: `/api/orders/${orderId}/video.mp4`, posterUrl: `/api/orders/${orderId}/poster.jpg` });
    const download = await fetch(await getOrderMediaUrl({ sessionId: session, orderId, media: "download" }));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="Our-summer.mp4"');
    const poster = await fetch(await getOrderMediaUrl({ sessionId: session, orderId, media: "poster" }));
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    await expectAppError(getOrder({ sessionId: createId(), orderId }), "not_found");
    await expectAppError(getOrderMediaUrl({ sessionId: createId(), orderId, media: "download" }), "not_found");

    await expect.poll(async () => (await getQueueDepth()).inFlight + (await getQueueDepth()).visible, { timeout: 10_000 }).toBe(0);
  });

  it("keeps the part of a photo around its focus point in the frame (crop and Ken Burns)", async () => {
    // A 4:3 photo, red on its left 30%, grey in the middle, blue on its right 30%, in a 9:16 video:
    // the frame keeps 42% of its width, so each focus point shows one colour in the frame's middle.
    const file = await makeBandedPhoto(path.join(tmp, `flow-${process.pid}-focus.jpg`), {
      width: 1200, height: 900, direction: "horizontal",
      bands: [{ color: "#dc1e1e", from: 0, to: 0.3 }, { color: "#808080", from: 0.3, to: 0.7 }, { color: "#1e28dc", from: 0.7, to: 1 }],
    });
    const session = createId();
    const id = await upload(session, await readFile(file));
    await completeUpload({ sessionId: session, assetId: id });
    const { orderId } = await createOrder({
      sessionId: session,
      body: {
        aspectRatio: "9:16",
        transition: "none",
        slides: [
          { assetId: id, durationMs: 1000, focus: { x: 0.1, y: 0.5 } },
          { assetId: id, durationMs: 1000, focus: { x: 0.9, y: 0.5 } },
          { assetId: id, durationMs: 1000, focus: { x: 0.05, y: 0.5 }, kenBurns: true, kenBurnsDirection: "in" },
          { assetId: id, durationMs: 1000 },
        ],
      },
    });
    const done = await waitForStatus(orderId, ["done", "failed"]);
    expect(done.status).toBe("done");
    const video = path.join(tmp, `flow-${process.pid}-focus.mp4`);
    const download = await fetch(await getOrderMediaUrl({ sessionId: session, orderId, media: "download" }));
    await writeFile(video, Buffer.from(await download.arrayBuffer()));
    try {
      const middle = { x: 260, y: 540, width: 200, height: 200 };
      const colourAt = async (frame: number) => meanColor(await grabFrameAt(video, frame), 720, middle);
      const [left, right, zoomed, centred] = await Promise.all([15, 45, 89, 105].map(colourAt));
      expect(left.r).toBeGreaterThan(170);
      expect(left.b).toBeLessThan(70);
      expect(right.b).toBeGreaterThan(170);
      expect(right.r).toBeLessThan(70);
      expect(zoomed.r).toBeGreaterThan(170); // the Ken Burns slide, at its deepest zoom, on the red side
      expect(Math.abs(centred.r - 128) + Math.abs(centred.b - 128)).toBeLessThan(30); // no focus point: the middle, as before
    } finally {
      await rm(video, { force: true });
    }
  });

  it("writes progress that moves while rendering", async () => {
    // The render is held at two frames in turn (tests/support/gated-ffmpeg.mjs,
    // through FFMPEG_PATH, which runFfmpeg reads), so progress is seen at two
    // points between 0 and 1 however fast the renderer is.
    const gate = path.join(tmp, `flow-gate-${process.pid}`);
    await writeFile(gate, "100");
    const saved = { FFMPEG_PATH: process.env.FFMPEG_PATH, GATED_FFMPEG_GATE: process.env.GATED_FFMPEG_GATE };
    process.env.FFMPEG_PATH = path.resolve(import.meta.dirname, "../support/gated-ffmpeg.mjs");
    process.env.GATED_FFMPEG_GATE = gate;
    try {
      const session = createId();
      const id = await upload(session, await photoBytes(18));
      await completeUpload({ sessionId: session, assetId: id });
      // 4 × 3 s with crossfades: 315 frames.
      const { orderId } = await createOrder({
        sessionId: session,
        body: { resolution: "1080p", slides: Array.from({ length: 4 }, () => ({ assetId: id, durationMs: 3000 })) },
      });
      const seen: { status: string; progress: number }[] = [];
      const sample = async () => {
        const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
        seen.push({ status: order.status, progress: order.progress });
        return order;
      };
      const progressPast = (floor: number) =>
        expect
          .poll(async () => {
            const order = await sample();
            return order.status === "rendering" && order.progress > floor && order.progress < 1;
          }, { timeout: 60_000, interval: 250 })
          .toBe(true);
      await progressPast(0);
      const first = seen.at(-1)!.progress;
      await writeFile(gate, "250");
      await progressPast(first);
      await rm(gate);
      await expect.poll(async () => (await sample()).status, { timeout: 60_000, interval: 250 }).toBe("done");
      expect(seen.at(-1)).toEqual({ status: "done", progress: 1 });
      const during = [...new Set(seen.filter((s) => s.status === "rendering").map((s) => s.progress))];
      // At least two distinct values strictly between 0 and 1, never going back.
      expect(during.filter((p) => p > 0 && p < 1).length).toBeGreaterThanOrEqual(2);
      expect([...during].sort((a, b) => a - b)).toEqual(during);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(gate, { force: true });
    }
  });

  it("returns the same order for a repeated Idempotency-Key", async () => {
    const session = createId();
    const id = await upload(session, await photoBytes(13));
    await completeUpload({ sessionId: session, assetId: id });
    const body = { slides: [{ assetId: id, durationMs: 1000 }] };
    const first = await createOrder({ sessionId: session, body, idempotencyKey: "key-1" });
    const again = await createOrder({ sessionId: session, body, idempotencyKey: "key-1" });
    expect(again.orderId).toBe(first.orderId);
    expect(await getDb().order.count({ where: { sessionId: session } })).toBe(1);
    await waitForStatus(first.orderId, ["done"]);
  });

  it("refuses orders naming unknown, unfinished or someone else's photos", async () => {
    const mine = createId();
    const theirs = createId();
    const theirAsset = await upload(theirs, await photoBytes(14));
    await completeUpload({ sessionId: theirs, assetId: theirAsset });
    const pending = await createUpload({ sessionId: mine, body: { filename: "a.jpg", contentType: "image/jpeg", size: 10 } });
    await expectAppError(createOrder({ sessionId: mine, body: { slides: [{ assetId: theirAsset }] } }), "validation_failed", /no such photo/);
    await expectAppError(createOrder({ sessionId: mine, body: { slides: [{ assetId: "nope" }] } }), "validation_failed", /no such photo/);
    await expectAppError(createOrder({ sessionId: mine, body: { slides: [{ assetId: pending.assetId }] } }), "validation_failed", /not finished uploading/);
    await expect(createOrder({ sessionId: mine, body: { slides: [] } })).rejects.toBeInstanceOf(ZodError);
    expect(await getDb().order.count({ where: { sessionId: mine } })).toBe(0);
  });

  it("fails a poison order with a plain reason and keeps serving the orders behind it", async () => {
    const session = createId();
    // The upload check decodes every photo whole, so a poison photo can only
    // come from storage itself: the accepted copy is overwritten behind the
    // app's back by a JPEG header, then garbage instead of image data.
    const poison = await upload(session, await photoBytes(15));
    await completeUpload({ sessionId: session, assetId: poison });
    const header = (await photoBytes(15)).subarray(0, 600);
    const accepted = (await getDb().asset.findUniqueOrThrow({ where: { id: poison } })).key;
    await getS3().send(new PutObjectCommand({ Bucket: getConfig().bucket, Key: accepted, Body: Buffer.concat([header, Buffer.alloc(4000, 0x55)]), ContentType: "image/jpeg" }));
    const good = await upload(session, await photoBytes(16));
    await completeUpload({ sessionId: session, assetId: good });

    const bad = await createOrder({ sessionId: session, body: { slides: [{ assetId: poison }] } });
    const next = await createOrder({ sessionId: session, body: { slides: [{ assetId: good, durationMs: 1000 }] } });
    const failed = await waitForStatus(bad.orderId, ["failed", "done"]);
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("Photo 1, photo.jpg, could not be read. Replace it and try again.");
    expect(failed).toMatchObject({ failedSlideIndex: 0, failedAssetId: poison });
    expect((await getOrder({ sessionId: session, orderId: bad.orderId })).error).toMatch(/could not be read/);
    expect((await waitForStatus(next.orderId, ["done", "failed"])).status).toBe("done");
  });

  it("sends orders that were stored while SQS was unreachable", async () => {
    const session = createId();
    const id = await upload(session, await photoBytes(17));
    await completeUpload({ sessionId: session, assetId: id });
    const orderId = createId();
    await getDb().order.create({
      data: { id: orderId, sessionId: session, spec: { aspectRatio: "1:1", resolution: "720p", transition: "none", slides: [{ assetId: id, durationMs: 1000 }] }, specVersion: 1, createdAt: new Date(Date.now() - 60_000) },
    });
    expect(await sweepUnsentOrders({ olderThanMs: 30_000 })).toBeGreaterThanOrEqual(1);
    const done = await waitForStatus(orderId, ["done", "failed"]);
    expect(done.status).toBe("done");
    expect(done.enqueuedAt).not.toBeNull();
  });
});
