import { GetObjectCommand } from "@aws-sdk/client-s3";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORY_SPEC_VERSION, storySpecSchema, type StorySpecInput } from "../../lib/contracts/story-spec";
import { getS3 } from "../../lib/platform/aws";
import { videoKey } from "../../lib/platform/storage";
import { getConfig } from "../../lib/platform/config";
import { getDb } from "../../lib/platform/db";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { processOrder } from "../../worker/src/process-order";
import { makePhoto, makeTone, meanVolumeDb, probeAudio } from "../support/media";
import { writeSilenceThenTone } from "../support/songs";

// processOrder with music: the audio Asset is downloaded from S3 like the
// photos, rendered as AAC; an unreadable one fails the order for good with a
// plain reason. The Order row is written directly (no queue message), and
// processOrder is called as the consumer would.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "reelmaker-order-music-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function upload(sessionId: string, file: string, contentType: string) {
  const bytes = await readFile(file);
  const created = await createUpload({ sessionId, body: { filename: path.basename(file), contentType, size: bytes.length } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await completeUpload({ sessionId, assetId: created.assetId });
  return created.assetId;
}

async function placeOrder(sessionId: string, body: StorySpecInput) {
  const id = createId();
  const spec = storySpecSchema.parse(body);
  await getDb().order.create({ data: { id, sessionId, spec, specVersion: STORY_SPEC_VERSION, enqueuedAt: new Date() } });
  return id;
}

const context = () => ({ workerHost: "test-music", signal: new AbortController().signal });

describe("processOrder with music", () => {
  it("downloads the music asset and puts it in the video as AAC, faded out", async () => {
    const session = createId();
    const photo = await upload(session, await makePhoto(path.join(dir, "p.jpg"), { seed: 2, width: 800, height: 600 }), "image/jpeg");
    const music = await upload(session, await makeTone(path.join(dir, "tone.mp3"), 10), "audio/mpeg");
    const orderId = await placeOrder(session, { music: { assetId: music }, slides: [{ assetId: photo, durationMs: 2000 }, { assetId: photo, durationMs: 2000 }] });
    expect(await processOrder(orderId, context())).toBe("done");
    const order = await getDb().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "done", durationMs: 3500 });
    const object = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: videoKey(orderId) }));
    const video = path.join(dir, `${orderId}.mp4`);
    await writeFile(video, await object.Body!.transformToByteArray());
    expect(await probeAudio(video)).toMatchObject({ codec: "aac" });
    expect(await meanVolumeDb(video, 3.2, 0.3)).toBeLessThan((await meanVolumeDb(video, 0.2, 1)) - 10);
  });

  it("starts the song at music.startMs: a song of 3 s of silence then a tone, started at 3 s, opens with the tone", async () => {
    const session = createId();
    const photo = await upload(session, await makePhoto(path.join(dir, "p-start.jpg"), { seed: 5, width: 800, height: 600 }), "image/jpeg");
    const song = await writeSilenceThenTone(path.join(dir, "late-tone.wav"), 3, 6);
    // The song itself opens with silence: from its beginning the video would too.
    expect(await meanVolumeDb(song, 0, 0.5)).toBeLessThan(-60);
    const music = await upload(session, song, "audio/wav");
    const orderId = await placeOrder(session, { music: { assetId: music, startMs: 3000 }, slides: [{ assetId: photo, durationMs: 2000 }, { assetId: photo, durationMs: 2000 }] });
    expect(await processOrder(orderId, context())).toBe("done");
    const video = path.join(dir, `${orderId}.mp4`);
    const object = await getS3().send(new GetObjectCommand({ Bucket: getConfig().bucket, Key: videoKey(orderId) }));
    await writeFile(video, await object.Body!.transformToByteArray());
    // The tone (0.5 full scale ≈ −9 dB mean) from the first moment, and still faded out at the video's end.
    expect(await meanVolumeDb(video, 0, 0.5)).toBeGreaterThan(-15);
    expect(await meanVolumeDb(video, 3.2, 0.3)).toBeLessThan((await meanVolumeDb(video, 0.2, 1)) - 10);
    expect(await probeAudio(video)).toMatchObject({ codec: "aac" });
  });

  it("fails the order for good, saying so, when the song ends before its start", async () => {
    const session = createId();
    const photo = await upload(session, await makePhoto(path.join(dir, "p-past.jpg"), { seed: 6, width: 800, height: 600 }), "image/jpeg");
    const music = await upload(session, await makeTone(path.join(dir, "short.wav"), 4), "audio/wav");
    const orderId = await placeOrder(session, { music: { assetId: music, startMs: 70_000 }, slides: [{ assetId: photo, durationMs: 1000 }] });
    await expect(processOrder(orderId, context())).rejects.toMatchObject({
      name: "PermanentJobError",
      reason: "The song is set to start at 1:10, after its end: choose an earlier start.",
    });
  });

  it("fails the order for good when ffmpeg cannot read the music", async () => {
    const session = createId();
    const photo = await upload(session, await makePhoto(path.join(dir, "p2.jpg"), { seed: 3, width: 800, height: 600 }), "image/jpeg");
    // An MP3 frame header, then noise: accepted by the upload's sniffing, undecodable.
    const bad = path.join(dir, "bad.mp3");
    const noise = Buffer.alloc(20_000);
    for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919) & 255;
    await writeFile(bad, Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise]));
    const music = await upload(session, bad, "audio/mpeg");
    const orderId = await placeOrder(session, { music: { assetId: music }, slides: [{ assetId: photo, durationMs: 1000 }] });
    await expect(processOrder(orderId, context())).rejects.toMatchObject({ name: "PermanentJobError", reason: "The music file could not be read." });
  });

  it("refuses a music asset of another session as missing", async () => {
    const session = createId();
    const photo = await upload(session, await makePhoto(path.join(dir, "p3.jpg"), { seed: 4, width: 800, height: 600 }), "image/jpeg");
    const foreign = await upload(createId(), await makeTone(path.join(dir, "foreign.wav"), 2), "audio/wav");
    const orderId = await placeOrder(session, { music: { assetId: foreign }, slides: [{ assetId: photo, durationMs: 1000 }] });
    await expect(processOrder(orderId, context())).rejects.toMatchObject({ name: "PermanentJobError", reason: "The music file is no longer available." });
  });
});
