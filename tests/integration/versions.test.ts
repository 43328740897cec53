import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getS3, getSqs } from "../../lib/platform/aws";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { headObject, posterKey, videoKey } from "../../lib/platform/storage";
import { retryFailedJobs } from "../../lib/server/admin/retry-failed-jobs";
import { retryJob } from "../../lib/server/admin/retry-job";
import { copyOrderToDraft } from "../../lib/server/drafts/copy-order-to-draft";
import { getDraft } from "../../lib/server/drafts/get-draft";
import { saveDraft } from "../../lib/server/drafts/save-draft";
import { AppError } from "../../lib/server/errors/app-error";
import { createOrder } from "../../lib/server/orders/create-order";
import { deleteOrder } from "../../lib/server/orders/delete-order";
import { getOrder, getSharePath } from "../../lib/server/orders/get-order";
import { getOrderMediaUrl } from "../../lib/server/orders/get-order-media";
import { listOrders } from "../../lib/server/orders/list-orders";
import { retryOrder } from "../../lib/server/orders/retry-order";
import { createDeviceLink, redeemDeviceLink, revokeDeviceLinks } from "../../lib/server/session/device-links";
import { getSharedVideo } from "../../lib/server/share/get-shared-video";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { RenderConsumer } from "../../worker/src/consumer";
import { makePhoto } from "../support/media";

// Issue #18 on real parts (Postgres, the S3/SQS emulator, real ffmpeg, the
// real consumer): a photo that breaks in storage fails its order naming it,
// and cannot loop; a copy of an order becomes the draft; deleting a video
// removes its objects from S3; device links join a session once.

let consumer: RenderConsumer;
const tmp = os.tmpdir();

beforeAll(async () => {
  consumer = new RenderConsumer({ sqs: getSqs(), queueUrl: getConfig().queueUrl, workerHost: "it-versions", waitTimeSeconds: 1, visibilityTimeoutSeconds: 30, cancelCheckMs: 500 });
  await consumer.start();
});
afterAll(async () => {
  await consumer.stop();
});

async function readyPhoto(sessionId: string, filename: string, seed: number) {
  const bytes = await readFile(await makePhoto(path.join(tmp, `versions-${process.pid}-${seed}.jpg`), { seed, width: 640, height: 480 }));
  const created = await createUpload({ sessionId, body: { filename, contentType: "image/jpeg", size: bytes.length } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await completeUpload({ sessionId, assetId: created.assetId });
  return { assetId: created.assetId, bytes };
}

/** What storage corruption looks like: the accepted copy overwritten behind the app's back, a JPEG header then garbage. */
async function breakInStorage(assetId: string, bytes: Buffer) {
  const { key } = await getDb().asset.findUniqueOrThrow({ where: { id: assetId } });
  await getS3().send(new PutObjectCommand({ Bucket: getConfig().bucket, Key: key, Body: Buffer.concat([bytes.subarray(0, 600), Buffer.alloc(4000, 0x55)]), ContentType: "image/jpeg" }));
  return key;
}

function waitForStatus(orderId: string, statuses: string[], timeout = 90_000) {
  return vi.waitFor(async () => {
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    if (!statuses.includes(order.status)) throw new Error(`order ${orderId} is ${order.status}, not yet ${statuses.join("/")}`);
    return order;
  }, { timeout, interval: 200 });
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("a photo that cannot be read", () => {
  it("fails the order naming photo N and its file name; Try again and the console's Retry refuse to loop; a copy flags it", async () => {
    const session = createId();
    const first = await readyPhoto(session, "one.jpg", 31);
    const beach = await readyPhoto(session, "beach.jpg", 32);
    await breakInStorage(beach.assetId, beach.bytes);
    const body = { title: "Broken beach", slides: [{ assetId: first.assetId, caption: "Hello" }, { assetId: beach.assetId, durationMs: 2000, kenBurns: true }] };
    const { orderId } = await createOrder({ sessionId: session, body });

    const failed = await waitForStatus(orderId, ["failed", "done"]);
    expect(failed).toMatchObject({
      status: "failed",
      error: "Photo 2, beach.jpg, could not be read. Replace it and try again.",
      failedSlideIndex: 1,
      failedAssetId: beach.assetId,
      attempts: 1,
    });
    expect(failed.errorDetail).toMatch(/^slide 2: /);
    const view = await getOrder({ sessionId: session, orderId });
    expect(view).toMatchObject({ status: "failed", error: failed.error, unreadableInput: { kind: "photo", number: 2 } });
    expect((await listOrders({ sessionId: session })).items[0]).toMatchObject({ id: orderId, unreadableInput: { kind: "photo", number: 2 } });

    // Neither the customer's retry nor the operator's puts the same bytes in the queue again.
    expect((await appError(retryOrder({ sessionId: session, orderId }))).message).toMatch(/^This video would fail again: photo 2 could not be read/);
    const refusal = await appError(retryJob(orderId));
    expect(refusal.code).toBe("conflict");
    expect(refusal.message).toMatch(/Retrying would fail again: its photo 2 \(asset .+\) could not be read/);
    await retryFailedJobs();
    expect(await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "failed", attempts: 1 });
    expect(await getDb().order.count({ where: { sessionId: session } })).toBe(1);

    // "Try again": a copy of the story as the draft, photo 2 flagged; the order is unchanged.
    await expect(copyOrderToDraft({ sessionId: session, orderId })).resolves.toEqual({ editorUrl: "/editor", photos: 2, unreadablePhoto: 2 });
    const { draft } = await getDraft({ sessionId: session });
    expect(draft).toMatchObject({ title: "Broken beach" });
    expect(draft!.slides).toEqual([
      expect.objectContaining({ assetId: first.assetId, name: "one.jpg", caption: "Hello", width: 640, height: 480 }),
      expect.objectContaining({ assetId: beach.assetId, name: "beach.jpg", durationMs: 2000, kenBurns: true, unreadable: true }),
    ]);
    expect(draft!.slides[0]).not.toHaveProperty("unreadable");

    // Replaced by a new photo in the draft (what the editor does), the story renders.
    const replacement = await readyPhoto(session, "beach-again.jpg", 33);
    await saveDraft({ sessionId: session, body: { ...draft, slides: [draft!.slides[0], { ...draft!.slides[1], assetId: replacement.assetId, name: "beach-again.jpg", unreadable: undefined }] } });
    const again = await createOrder({ sessionId: session, body: { title: "Broken beach", slides: [{ assetId: first.assetId, caption: "Hello" }, { assetId: replacement.assetId, durationMs: 2000, kenBurns: true }] } });
    expect((await waitForStatus(again.orderId, ["done", "failed"])).status).toBe("done");
    expect((await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("failed");
  });

  it("names a photo the worker's own check refuses (another format than accepted) the same way", async () => {
    const session = createId();
    const photo = await readyPhoto(session, "holiday.jpg", 34);
    const { key } = await getDb().asset.findUniqueOrThrow({ where: { id: photo.assetId } });
    await getS3().send(new PutObjectCommand({ Bucket: getConfig().bucket, Key: key, Body: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), ContentType: "image/jpeg" }));
    const { orderId } = await createOrder({ sessionId: session, body: { slides: [{ assetId: photo.assetId, durationMs: 1000 }] } });
    expect(await waitForStatus(orderId, ["failed", "done"])).toMatchObject({
      status: "failed",
      error: "Photo 1, holiday.jpg, could not be read. Replace it and try again.",
      failedSlideIndex: 0,
      failedAssetId: photo.assetId,
    });
  });
});

describe("edit a copy", () => {
  it("makes a finished video's story the draft, leaving the order as it was; another session's order is 404", async () => {
    const session = createId();
    const photo = await readyPhoto(session, "sunset.jpg", 35);
    const { orderId } = await createOrder({ sessionId: session, body: { title: "Sunset", transition: "none", slides: [{ assetId: photo.assetId, durationMs: 1000, caption: "Gold" }] } });
    const done = await waitForStatus(orderId, ["done", "failed"]);
    expect(done.status).toBe("done");
    await saveDraft({ sessionId: session, body: { ...(await copyOrderToDraftBody()), title: "Something else" } });
    await expect(copyOrderToDraft({ sessionId: session, orderId })).resolves.toMatchObject({ photos: 1, unreadablePhoto: null });
    const { draft, urls } = await getDraft({ sessionId: session });
    expect(draft).toMatchObject({ title: "Sunset", transition: "none", slides: [{ assetId: photo.assetId, name: "sunset.jpg", caption: "Gold", durationMs: 1000 }] });
    expect(Object.keys(urls)).toEqual([photo.assetId]);
    expect(await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).toEqual(done);
    expect((await appError(copyOrderToDraft({ sessionId: createId(), orderId }))).code).toBe("not_found");
  });
});

/** A minimal valid draft body. */
async function copyOrderToDraftBody() {
  return {
    title: "", aspectRatio: "16:9", resolution: "720p", transition: "crossfade", music: null, slides: [],
    titleCard: { enabled: false, title: "", subtitle: "", background: "color", backgroundColor: "#1f2937", textColor: "#ffffff", durationMs: 3000 },
  };
}

describe("delete a video", () => {
  it("removes the video and poster from S3, and the photos no other order or draft uses; its links then answer 410", async () => {
    const session = createId();
    const shared = await readyPhoto(session, "shared.jpg", 36);
    const own = await readyPhoto(session, "own.jpg", 37);
    const kept = await createOrder({ sessionId: session, body: { transition: "none", slides: [{ assetId: shared.assetId, durationMs: 1000 }] } });
    const doomed = await createOrder({ sessionId: session, body: { transition: "none", slides: [{ assetId: shared.assetId, durationMs: 1000 }, { assetId: own.assetId, durationMs: 1000 }] } });
    await waitForStatus(kept.orderId, ["done"]);
    await waitForStatus(doomed.orderId, ["done"]);
    const sharePath = getSharePath(doomed.orderId);
    const keys = {
      video: videoKey(doomed.orderId),
      poster: posterKey(doomed.orderId),
      shared: (await getDb().asset.findUniqueOrThrow({ where: { id: shared.assetId } })).key,
      own: (await getDb().asset.findUniqueOrThrow({ where: { id: own.assetId } })).key,
    };
    for (const key of Object.values(keys)) expect(await headObject(key)).not.toBeNull();

    // Someone else cannot delete it.
    expect((await appError(deleteOrder({ sessionId: createId(), orderId: doomed.orderId }))).code).toBe("not_found");
    for (const key of Object.values(keys)) expect(await headObject(key)).not.toBeNull();

    await expect(deleteOrder({ sessionId: session, orderId: doomed.orderId })).resolves.toEqual({ status: "deleted", photosRemoved: 1 });
    expect(await headObject(keys.video)).toBeNull();
    expect(await headObject(keys.poster)).toBeNull();
    expect(await headObject(keys.own)).toBeNull();
    expect(await getDb().asset.findUnique({ where: { id: own.assetId } })).toBeNull();
    // Still used by the other order: kept.
    expect(await headObject(keys.shared)).not.toBeNull();
    expect(await headObject(videoKey(kept.orderId))).not.toBeNull();

    expect((await appError(getOrder({ sessionId: session, orderId: doomed.orderId }))).code).toBe("gone");
    expect((await appError(getOrderMediaUrl({ sessionId: session, orderId: doomed.orderId, media: "video" }))).code).toBe("gone");
    expect((await appError(getSharedVideo({ token: sharePath.split("/").pop()! }))).code).toBe("gone");
    expect((await appError(copyOrderToDraft({ sessionId: session, orderId: doomed.orderId }))).code).toBe("gone");
    expect((await listOrders({ sessionId: session })).items.map((item) => item.id)).toEqual([kept.orderId]);
    expect((await appError(retryJob(doomed.orderId))).code).toBe("conflict");
    // Deleting again answers the same and removes nothing more.
    await expect(deleteOrder({ sessionId: session, orderId: doomed.orderId })).resolves.toEqual({ status: "deleted", photosRemoved: 0 });

    // The last order using the shared photo goes, but a draft still shows it: kept, until nothing does.
    await saveDraft({ sessionId: session, body: { ...(await copyOrderToDraftBody()), slides: [{ assetId: shared.assetId, name: "shared.jpg", caption: "", captionStyle: { position: "bottom", size: "medium", color: "#ffffff", background: "box" }, durationMs: 1000, kenBurns: false, fit: "cover" }] } });
    await expect(deleteOrder({ sessionId: session, orderId: kept.orderId })).resolves.toEqual({ status: "deleted", photosRemoved: 0 });
    expect(await headObject(keys.shared)).not.toBeNull();
    expect(await headObject(videoKey(kept.orderId))).toBeNull();
  });

  it("stops an order that is still rendering, and nothing it made stays in S3", async () => {
    const session = createId();
    const photos = await Promise.all([41, 42, 43, 44].map((seed, i) => readyPhoto(session, `p${i}.jpg`, seed)));
    const { orderId } = await createOrder({
      sessionId: session,
      body: { resolution: "1080p", slides: photos.map((p) => ({ assetId: p.assetId, durationMs: 10_000, kenBurns: true })) },
    });
    await vi.waitFor(async () => {
      const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
      if (order.status !== "rendering" || order.progress === 0) throw new Error(`order is ${order.status} at ${order.progress}`);
    }, { timeout: 60_000, interval: 100 });
    await expect(deleteOrder({ sessionId: session, orderId })).resolves.toMatchObject({ status: "deleted", photosRemoved: 4 });
    expect(await getDb().order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "canceled", deletedAt: expect.any(Date) });
    // The worker notices the cancel, stops, and removes anything it uploaded.
    await vi.waitFor(async () => {
      const attempt = await getDb().orderAttempt.findFirst({ where: { orderId }, orderBy: { number: "desc" } });
      if (!attempt?.endedAt) throw new Error("the attempt has not ended yet");
      expect(attempt.outcome).toBe("canceled");
    }, { timeout: 60_000, interval: 250 });
    expect(await headObject(videoKey(orderId))).toBeNull();
    expect(await headObject(posterKey(orderId))).toBeNull();
    for (const p of photos) expect(await getDb().asset.findUnique({ where: { id: p.assetId } })).toBeNull();
  });
});

describe("device links", () => {
  const tokenOf = (linkPath: string) => linkPath.slice("/continue#".length);

  it("joins another browser to the session once; a second use, an expired, a stopped or a forged link are refused", async () => {
    const phone = createId();
    const laptop = createId();
    const link = await createDeviceLink({ sessionId: laptop });
    expect(link.path).toMatch(/^\/continue#[A-Za-z0-9_-]{22}\.[0-9]+\.[A-Za-z0-9_-]{43}$/);
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    // The database keeps only a hash of the link id: nothing in it opens the session.
    const rows = await getDb().deviceLink.findMany({ where: { sessionId: laptop } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(link.path).split(".")[0]);

    await expect(redeemDeviceLink({ token: tokenOf(link.path), sessionId: phone })).resolves.toEqual({ sessionId: laptop });
    const used = await appError(redeemDeviceLink({ token: tokenOf(link.path), sessionId: createId() }));
    expect([used.code, used.message]).toEqual(["gone", "This link was already used. Each link opens once: make a new one on your other device."]);

    const old = await createDeviceLink({ sessionId: laptop, now: new Date(Date.now() - 16 * 60_000) });
    expect((await appError(redeemDeviceLink({ token: tokenOf(old.path), sessionId: phone }))).code).toBe("gone");

    const stopped = await createDeviceLink({ sessionId: laptop });
    await expect(revokeDeviceLinks({ sessionId: laptop })).resolves.toEqual({ revoked: 1 });
    expect((await appError(redeemDeviceLink({ token: tokenOf(stopped.path), sessionId: phone }))).message).toMatch(/stopped/);

    const older = await createDeviceLink({ sessionId: laptop });
    const newer = await createDeviceLink({ sessionId: laptop });
    expect((await appError(redeemDeviceLink({ token: tokenOf(older.path), sessionId: phone }))).message).toMatch(/stopped/);
    await expect(redeemDeviceLink({ token: tokenOf(newer.path), sessionId: phone })).resolves.toEqual({ sessionId: laptop });

    const [id, expires, signature] = tokenOf((await createDeviceLink({ sessionId: laptop })).path).split(".");
    const forged = await appError(redeemDeviceLink({ token: `${id}.${Number(expires) + 3600}.${signature}`, sessionId: phone }));
    expect([forged.code, forged.message]).toEqual(["not_found", expect.stringMatching(/^This link is not valid/)]);
    expect((await appError(redeemDeviceLink({ token: "nonsense", sessionId: phone }))).code).toBe("not_found");
  });

  it("lets exactly one of two browsers opening one link at once join", async () => {
    const laptop = createId();
    const link = await createDeviceLink({ sessionId: laptop });
    const token = link.path.slice("/continue#".length);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => redeemDeviceLink({ token, sessionId: createId() })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as AppError).code)).toEqual(["gone", "gone", "gone", "gone"]);
  });
});
