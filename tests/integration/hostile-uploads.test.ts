import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { STORY_SPEC_VERSION, storySpecSchema, type StorySpecInput } from "../../lib/contracts/story-spec";
import { getS3, getSqs } from "../../lib/platform/aws";
import { getQueueDepth } from "../../lib/platform/render-queue";
import { headObject, stagingKey, uploadKey, videoKey } from "../../lib/platform/storage";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { AppError } from "../../lib/server/errors/app-error";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { RenderConsumer } from "../../worker/src/consumer";
import { processOrder } from "../../worker/src/process-order";
import { renderStory, UnreadableMusicError } from "../../worker/src/render/render-story";
import { grabFrameAt, makePhoto, makeSolidPhoto, makeTone, meanColor } from "../support/media";

// Hostile uploads on the real stack: "music" that is really a playlist or a
// concat script naming a file on the worker's disk or a URL, photos that
// are another format than checked, and a photo overwritten through its
// still-valid upload URL after it was accepted; and a forged queue message.
// A marker file and an HTTP listener prove nothing they name is ever read.

let dir: string;
/** A real MP3 on "the worker's disk": the file an attacker wants in their video. */
let marker: string;
let listener: Server;
let listenerHits = 0;
let listenerUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-hostile-"));
  marker = await makeTone(path.join(dir, "secret.mp3"), 5);
  listener = createServer((_request, response) => {
    void readFile(marker).then((bytes) => response.end(bytes));
  });
  listener.on("connection", () => (listenerHits += 1));
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/secret.mp3`;
});
afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const EMPTY_ID3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
const hlsPlaylist = (target: string) => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:5.0,\n${target}\n#EXT-X-ENDLIST\n`;

/**
 * The hostile "music" files, made once the marker and the listener exist
 * (it.each lists are built before beforeAll runs). The HLS ones are what
 * ffmpeg 5.1, left to guess, follows to the marker or the listener; its
 * concat demuxer already refuses absolute paths in safe mode, but it is
 * never to be asked.
 */
const HOSTILE_MUSIC = {
  "an empty ID3 tag then an HLS playlist naming a local file": () => Buffer.concat([EMPTY_ID3, Buffer.from(hlsPlaylist(`file://${marker}`))]),
  "an empty ID3 tag then an HLS playlist naming a local listener": () => Buffer.concat([EMPTY_ID3, Buffer.from(hlsPlaylist(listenerUrl))]),
  "an ffconcat script naming a local file": () => Buffer.from(`ffconcat version 1.0\nfile '${marker}'\n`),
  "an empty ID3 tag then an ffconcat script": () => Buffer.concat([EMPTY_ID3, Buffer.from(`ffconcat version 1.0\nfile '${marker}'\n`)]),
};
const HOSTILE_NAMES = Object.keys(HOSTILE_MUSIC) as (keyof typeof HOSTILE_MUSIC)[];

async function upload(sessionId: string, bytes: Buffer, contentType: string) {
  const created = await createUpload({ sessionId, body: { filename: "file", contentType, size: bytes.length } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  return created;
}

async function readyPhoto(sessionId: string, file: string, contentType = "image/jpeg") {
  const { assetId } = await upload(sessionId, await readFile(file), contentType);
  await completeUpload({ sessionId, assetId });
  return assetId;
}

/**
 * An asset written straight into the database and the accepted key, as if
 * it had passed an upload check (an older, laxer one): what the worker does
 * with it is its own defence.
 */
async function forgeReadyAsset(input: { sessionId: string; bytes: Buffer; contentType: string; sniffedType: string | null }) {
  const id = createId();
  const key = uploadKey(input.sessionId, id);
  await getS3().send(new PutObjectCommand({ Bucket: getConfig().bucket, Key: key, Body: input.bytes, ContentType: input.contentType }));
  await getDb().asset.create({
    data: {
      id, sessionId: input.sessionId, key, filename: "forged", contentType: input.contentType, size: input.bytes.length,
      status: "ready", sniffedType: input.sniffedType, width: 640, height: 360, readyAt: new Date(),
    },
  });
  return id;
}

async function placeOrder(sessionId: string, body: StorySpecInput) {
  const id = createId();
  await getDb().order.create({ data: { id, sessionId, spec: storySpecSchema.parse(body), specVersion: STORY_SPEC_VERSION, enqueuedAt: new Date() } });
  return id;
}

const context = () => ({ workerHost: "test-hostile", signal: new AbortController().signal });

async function downloadVideo(orderId: string) {
  const object = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: videoKey(orderId) }));
  const file = path.join(dir, `${orderId}.mp4`);
  await writeFile(file, await object.Body!.transformToByteArray());
  return file;
}

describe("music that names other files", () => {
  it.each(HOSTILE_NAMES)("refuses %s at /complete", async (name) => {
    const session = createId();
    const { assetId } = await upload(session, HOSTILE_MUSIC[name](), "audio/mpeg");
    const error = await completeUpload({ sessionId: session, assetId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe("This file is not MP3, M4A, AAC, WAV, OGG or FLAC music");
    expect(await getDb().asset.findUniqueOrThrow({ where: { id: assetId } })).toMatchObject({ status: "rejected", sniffedType: null });
    // Nothing was accepted: no copy under uploads/, and the staging object is gone.
    expect(await headObject(uploadKey(session, assetId))).toBeNull();
    expect(await headObject(stagingKey(session, assetId))).toBeNull();
    expect(listenerHits).toBe(0);
  });

  it.each(HOSTILE_NAMES)("fails the order plainly when %s got past an upload check", async (name) => {
    const session = createId();
    const photo = await readyPhoto(session, await makePhoto(path.join(dir, "p.jpg"), { seed: 1, width: 640, height: 360 }));
    for (const sniffedType of ["audio/mpeg", null]) {
      const song = await forgeReadyAsset({ sessionId: session, bytes: HOSTILE_MUSIC[name](), contentType: "audio/mpeg", sniffedType });
      const orderId = await placeOrder(session, { music: { assetId: song }, slides: [{ assetId: photo, durationMs: 1000 }] });
      await expect(processOrder(orderId, context())).rejects.toMatchObject({ name: "PermanentJobError", reason: "The music file could not be read." });
      expect(await headObject(videoKey(orderId))).toBeNull();
    }
    expect(listenerHits).toBe(0);
  });

  it.each(HOSTILE_NAMES)("ffmpeg itself, told it is an MP3, does not follow %s", async (name) => {
    const workDir = path.join(dir, `ffmpeg-${createId()}`);
    await mkdir(workDir);
    const photo = await makePhoto(path.join(workDir, "p.jpg"), { seed: 2, width: 640, height: 360 });
    const file = path.join(workDir, "music");
    await writeFile(file, HOSTILE_MUSIC[name]());
    const spec = storySpecSchema.parse({ music: { assetId: "m" }, slides: [{ assetId: "a", durationMs: 1000 }] });
    await expect(renderStory({ spec, photos: [photo], music: { file, contentType: "audio/mpeg" }, workDir })).rejects.toBeInstanceOf(UnreadableMusicError);
    expect(listenerHits).toBe(0);
  });

  it("still renders a real MP3 with its sound", async () => {
    const session = createId();
    const photo = await readyPhoto(session, await makePhoto(path.join(dir, "p2.jpg"), { seed: 3, width: 640, height: 360 }));
    const { assetId: song } = await upload(session, await readFile(marker), "audio/mpeg");
    await completeUpload({ sessionId: session, assetId: song });
    expect(await getDb().asset.findUniqueOrThrow({ where: { id: song } })).toMatchObject({ status: "ready", sniffedType: "audio/mpeg" });
    const orderId = await placeOrder(session, { music: { assetId: song }, slides: [{ assetId: photo, durationMs: 2000 }] });
    expect(await processOrder(orderId, context())).toBe("done");
  });
});

describe("photos of another format than checked", () => {
  const RED = { r: 220, g: 30, b: 30 };

  it.each([
    ["a WebP named PNG", "webp"],
    ["an SVG named PNG", "svg"],
  ])("refuses %s at /complete, and fails the order plainly if one got past an upload check", async (_name, kind) => {
    const session = createId();
    const bytes =
      kind === "webp"
        ? await sharp({ create: { width: 640, height: 360, channels: 3, background: RED } }).webp().toBuffer()
        : Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><image href="file://${marker}"/><rect width="100%" height="100%" fill="red"/></svg>`);
    const { assetId } = await upload(session, bytes, "image/png");
    await expect(completeUpload({ sessionId: session, assetId })).rejects.toMatchObject({ code: "invalid_image" });

    const forged = await forgeReadyAsset({ sessionId: session, bytes, contentType: "image/png", sniffedType: "image/png" });
    const orderId = await placeOrder(session, { slides: [{ assetId: forged, durationMs: 1000 }] });
    await expect(processOrder(orderId, context())).rejects.toMatchObject({
      name: "PermanentJobError",
      reason: "Photo 1, forged, could not be read. Replace it and try again.",
      failedInput: { slideIndex: 0, assetId: forged },
    });
    expect(await headObject(videoKey(orderId))).toBeNull();
  });
});

describe("a photo overwritten after it was accepted", () => {
  it("renders the photo that was checked, never the bytes sent later through the same upload URL", async () => {
    const session = createId();
    const png = await readFile(await makeSolidPhoto(path.join(dir, "red.png"), { width: 640, height: 360, color: { r: 220, g: 30, b: 30 } }));
    const created = await upload(session, png, "image/png");
    await expect(completeUpload({ sessionId: session, assetId: created.assetId })).resolves.toMatchObject({ status: "ready", width: 640, height: 360 });

    // A blue SVG of exactly the PNG's size, through the still-valid URL: S3 takes it (the URL signs only size and type)…
    const head = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="100%" height="100%" fill="#1e1edc"/><!--`;
    const tail = "--></svg>";
    const svg = Buffer.from(head + " ".repeat(png.length - head.length - tail.length) + tail);
    expect(svg.length).toBe(png.length);
    const again = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(svg) });
    expect(again.status).toBe(200);
    // …but it lands in staging; the accepted copy is still the PNG.
    const accepted = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: uploadKey(session, created.assetId) }));
    expect(Buffer.from(await accepted.Body!.transformToByteArray()).equals(png)).toBe(true);
    // Completing again changes nothing.
    await expect(completeUpload({ sessionId: session, assetId: created.assetId })).resolves.toMatchObject({ status: "ready", width: 640 });

    const orderId = await placeOrder(session, { aspectRatio: "16:9", slides: [{ assetId: created.assetId, durationMs: 1000 }] });
    expect(await processOrder(orderId, context())).toBe("done");
    const frame = await grabFrameAt(await downloadVideo(orderId), 10, { width: 64, height: 36 });
    const color = meanColor(frame, 64, { x: 16, y: 9, width: 32, height: 18 });
    expect(color.r).toBeGreaterThan(150);
    expect(color.b).toBeLessThan(90);
  });
});

describe("/complete called several times at once", () => {
  it("checks and copies once: the others answer ready or 'being checked', never refuse or replace what was accepted", async () => {
    const session = createId();
    const png = await readFile(await makeSolidPhoto(path.join(dir, "green.png"), { width: 320, height: 200, color: { r: 20, g: 200, b: 20 } }));
    const { assetId } = await upload(session, png, "image/png");
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => completeUpload({ sessionId: session, assetId })));
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const r of fulfilled) expect(r.value).toEqual({ id: assetId, status: "ready", kind: "image", width: 320, height: 200 });
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "upload_incomplete", message: "This upload is being checked; try again in a moment" });
    }
    await expect(completeUpload({ sessionId: session, assetId })).resolves.toMatchObject({ status: "ready" });
    const accepted = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: uploadKey(session, assetId) }));
    expect(Buffer.from(await accepted.Body!.transformToByteArray()).equals(png)).toBe(true);
  });

  it("waits for a check in progress, takes over one that died a minute ago, and lets a failed one be tried again", async () => {
    const session = createId();
    const png = await readFile(await makeSolidPhoto(path.join(dir, "grey.png"), { width: 320, height: 200, color: { r: 120, g: 120, b: 120 } }));
    const created = await createUpload({ sessionId: session, body: { filename: "p.png", contentType: "image/png", size: png.length } });
    // Nothing uploaded yet: refused, and the check is released for the next try.
    await expect(completeUpload({ sessionId: session, assetId: created.assetId })).rejects.toMatchObject({ code: "upload_incomplete", message: /not been uploaded yet/ });
    expect((await getDb().asset.findUniqueOrThrow({ where: { id: created.assetId } })).checkStartedAt).toBeNull();
    await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(png) });

    await getDb().asset.update({ where: { id: created.assetId }, data: { checkStartedAt: new Date() } });
    await expect(completeUpload({ sessionId: session, assetId: created.assetId })).rejects.toMatchObject({ code: "upload_incomplete", message: /being checked/ });
    await getDb().asset.update({ where: { id: created.assetId }, data: { checkStartedAt: new Date(Date.now() - 61_000) } });
    await expect(completeUpload({ sessionId: session, assetId: created.assetId })).resolves.toMatchObject({ status: "ready", width: 320 });
  });
});

describe("a forged queue message", () => {
  it("whose order id is not an id is acknowledged at once, not retried into the dead-letter queue", async () => {
    const consumer = new RenderConsumer({ sqs: getSqs(), queueUrl: getConfig().queueUrl, workerHost: "forged", waitTimeSeconds: 1, visibilityTimeoutSeconds: 30 });
    const before = await getQueueDepth();
    expect(before.visible + before.inFlight).toBe(0);
    // JSON's \u0000 is a NUL byte once parsed: Postgres refuses it in a query, which looks like an outage.
    for (const orderId of ["forged\\u0000id", "x".repeat(300)]) {
      await getSqs().send(new SendMessageCommand({ QueueUrl: getConfig().queueUrl, MessageBody: `{"type":"render","orderId":"${orderId}","specVersion":1}` }));
    }
    await consumer.start();
    try {
      await vi.waitFor(async () => {
        const depth = await getQueueDepth();
        if (depth.visible + depth.inFlight !== 0) throw new Error("timed out waiting for the forged messages to be gone");
      }, { timeout: 30_000, interval: 200 });
    } finally {
      await consumer.stop();
    }
    // Retried, it would have come back after the backoff and been dead-lettered after its second receive.
    expect((await getQueueDepth()).deadLetter).toBe(before.deadLetter);
  });
});
