import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/platform/db";
import { AppError } from "../../lib/server/errors/app-error";
import { findCutCaptions } from "../../lib/server/captions/check-captions";
import { createOrder } from "../../lib/server/orders/create-order";
import { getOrder } from "../../lib/server/orders/get-order";
import { createId } from "../../lib/server/session/session-token";
import { completeUpload } from "../../lib/server/uploads/complete-upload";
import { createUpload } from "../../lib/server/uploads/create-upload";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { makePhoto } from "../support/media";

// The customer-facing checks on real parts: captions measured with the real
// fonts (Skia through @napi-rs/canvas, as the renderer does) refuse an order
// whose video would cut one; a queued order's estimate from the orders table.

const CAPTION_160 =
  "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";
const CAPTION_300 = `${CAPTION_160} ${CAPTION_160.slice(0, 139).trim()}`;
const large = { position: "bottom", size: "large" } as const;
const made: string[] = [];

afterAll(async () => {
  await getDb().order.deleteMany({ where: { id: { in: made } } });
});

async function readyPhoto(sessionId: string): Promise<string> {
  const file = await makePhoto(path.join(os.tmpdir(), `customer-${process.pid}.jpg`), { seed: 7, width: 900, height: 600, format: "jpeg" });
  const bytes = await readFile(file);
  const created = await createUpload({ sessionId, body: { filename: "photo.jpg", contentType: "image/jpeg", size: bytes.length } });
  const put = await fetch(created.uploadUrl, { method: "PUT", headers: created.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await completeUpload({ sessionId, assetId: created.assetId });
  return created.assetId;
}

describe("captions that would be cut", () => {
  it("a 160-character caption fits 9:16 Large (it used to be cut after ~65 characters)", () => {
    expect(CAPTION_160).toHaveLength(160);
    const spec = storySpecSchema.parse({ aspectRatio: "9:16", slides: [{ assetId: "a", caption: CAPTION_160, captionStyle: large }] });
    expect(findCutCaptions(spec)).toEqual([]);
  });

  it("the order API refuses (422) a caption the video would cut, naming the photo; nothing is stored", async () => {
    expect(CAPTION_300).toHaveLength(300);
    const sessionId = createId();
    const assetId = await readyPhoto(sessionId);
    const body = {
      aspectRatio: "9:16",
      slides: [
        { assetId, caption: "Short and sweet", captionStyle: large },
        { assetId, caption: CAPTION_300, captionStyle: large },
      ],
    };
    const error = await createOrder({ sessionId, body }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    expect((error as AppError).message).toBe(
      "Photo 2 (slides.1.caption): This caption is too long for this size and shape: shorten it or pick a smaller size.",
    );
    expect(await getDb().order.count({ where: { sessionId } })).toBe(0);
    // The same caption fits a smaller size or a wider shape.
    const small = storySpecSchema.parse({ ...body, slides: [{ assetId, caption: CAPTION_300, captionStyle: { ...large, size: "small" } }] });
    expect(findCutCaptions(small)).toEqual([]);
    const wide = storySpecSchema.parse({ ...body, aspectRatio: "16:9" });
    expect(findCutCaptions(wide)).toEqual([]);
  });
});

describe("the estimate while queued", () => {
  it("comes from recent render times and the place in line", async () => {
    const db = getDb();
    // Orders other test files left queued or rendering (a killed worker's, say) would count as work ahead or renderers at work.
    await db.order.updateMany({ where: { status: { in: ["queued", "rendering"] } }, data: { status: "canceled" } });
    // Every story here is one 10-second photo.
    const spec = { slides: [{ assetId: "x", durationMs: 10_000 }] };
    const base = Date.now() - 60 * 60_000;
    const at = (ms: number) => new Date(base + ms);
    const row = (status: "done" | "queued" | "rendering", extra: Record<string, unknown>) => {
      const id = createId();
      made.push(id);
      return db.order.create({ data: { id, sessionId: createId(), spec, specVersion: 1, status, enqueuedAt: new Date(), ...extra } });
    };
    // The 20 latest renders (all the estimate reads, so other test files' renders do not count):
    // 10-second videos in 10, 11 or 12 s, 11 s the median.
    for (let i = 0; i < 20; i++) {
      const renderMs = [10_000, 11_000, 12_000][i % 3];
      const finishedAt = new Date(Date.now() - 1_000 - i);
      await row("done", { createdAt: at(i), startedAt: new Date(finishedAt.getTime() - renderMs), finishedAt, durationMs: 10_000 });
    }
    // One is being made (half done after 5.5 s), five wait ahead of ours.
    await row("rendering", { createdAt: at(10), startedAt: new Date(Date.now() - 5_500), progress: 0.5, workerHost: "w1" });
    for (let i = 0; i < 5; i++) await row("queued", { createdAt: at(20 + i) });
    const sessionId = createId();
    const ours = await row("queued", { sessionId, createdAt: at(30) });

    const view = await getOrder({ sessionId, orderId: ours.id });
    expect(view.queuePosition).toBe(6);
    // A typical render of 11 s: 5 × 11 s + the ~5.5 s left of the running one (more as this test
    // runs: its projection is twice its time so far); ready 11 s after it starts.
    const { startsInMs, readyInMs } = view.queueEstimate!;
    expect(startsInMs).toBeGreaterThanOrEqual(59_000);
    expect(startsInMs).toBeLessThanOrEqual(64_000);
    expect(readyInMs - startsInMs).toBe(11_000);
  });
});
