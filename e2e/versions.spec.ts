import { readFileSync } from "node:fs";
import path from "node:path";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { BrowserContext, Page } from "@playwright/test";
import jsQR from "jsqr";
import { createDeviceLinkToken } from "../lib/server/session/device-link-token";
import { collectErrors, expect, solidJpeg, test, uploadViaApi } from "./fixtures";

// Issue #18 in the browser, on the whole local stack: a photo that breaks in
// storage fails its order by name and "Try again" leads to replacing it;
// "Edit a copy" and "Delete" in My videos; "Continue on another device"
// between two browser contexts.

// The e2e stack's own data folder (playwright.config.ts): its generated
// emulator credentials and session secret, to reach S3 behind the app's
// back as storage corruption would, and to sign an expired link.
const dataDir = path.join(import.meta.dirname, "..", ".data", "test-e2e");
const secrets = () => JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"));
const s3 = () =>
  new S3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${process.env.E2E_S3_PORT ?? "45682"}`,
    forcePathStyle: true,
    credentials: { accessKeyId: secrets().emulatorAccessKeyId, secretAccessKey: secrets().emulatorSecretAccessKey },
  });
const BUCKET = "reelmaker-local";

async function exists(key: string): Promise<boolean> {
  return s3()
    .send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
    .then(() => true, () => false);
}

async function sessionIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "rm_session");
  return cookie!.value.split(".")[0];
}

/** Reads a QR code drawn as unit squares (components/session/qr-path.ts) with jsQR, 4 pixels a module. */
function decodeQrPath(shape: { size: number; path: string }): string | undefined {
  const scale = 4;
  const width = shape.size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const match of shape.path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((Number(match[2]) * scale + dy) * width + Number(match[1]) * scale + dx) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }
  return jsQR(pixels, width, width)?.data;
}

async function waitForDone(page: Page, orderId: string) {
  await expect.poll(async () => (await (await page.request.get(`/api/orders/${orderId}`)).json()).status, { timeout: 150_000 }).toBe("done");
}

test("a photo that breaks in storage: the order names it, Try again opens a copy with it flagged, and the replaced story is made", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([
    { name: "one.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([200, 60, 60]) },
    { name: "beach.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([60, 60, 200]) },
  ]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
  await page.getByLabel("Video name").fill("Beach day");
  await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);
  const { draft } = await (await page.request.get("/api/draft")).json();
  const beach = draft.slides.find((slide: { name: string }) => slide.name === "beach.jpg");
  // Accepted, then corrupted in storage: a JPEG header, then garbage.
  const key = `uploads/${await sessionIdOf(page.context())}/${beach.assetId}`;
  expect(await exists(key)).toBe(true);
  const header = (await solidJpeg([60, 60, 200])).subarray(0, 600);
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.concat([header, Buffer.alloc(4000, 0x55)]), ContentType: "image/jpeg" }));

  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  const failedId = page.url().split("/").pop()!;
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "failed", { timeout: 150_000 });
  await expect(page.getByTestId("order-error")).toHaveText("Photo 2, beach.jpg, could not be read. Replace it and try again.");
  await expect(page.getByTestId("replace-hint")).toHaveText("Try again opens a copy of your story in the editor, with photo 2 marked to replace.");
  await page.screenshot({ path: testInfo.outputPath("order-photo-unreadable.png"), fullPage: true });
  // Ordering the same bytes again is refused (it would fail the same way).
  expect((await page.request.post(`/api/orders/${failedId}/retry`)).status()).toBe(409);

  // The story being edited is replaced by the copy: the page asks first.
  const asked = page.waitForEvent("dialog");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Try again" }).click();
  expect((await asked).message()).toMatch(/replaces the story you are editing/);
  await expect(page).toHaveURL(/\/editor$/);
  const flagged = page.getByTestId("slide-card").nth(1);
  await expect(flagged.getByTestId("unreadable-photo")).toContainText("beach.jpg could not be read — replace it.");
  await expect(page.getByTestId("order-blocker")).toHaveText("Photo 2 (beach.jpg) could not be read — replace it, or remove it.");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await expect(page.getByLabel("Video name")).toHaveValue("Beach day");
  await page.screenshot({ path: testInfo.outputPath("editor-photo-flagged.png"), fullPage: true });

  await page.getByLabel("Replace photo 2").setInputFiles({ name: "beach-again.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([60, 200, 60]) });
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId("unreadable-photo")).toHaveCount(0);
  await expect(page.getByRole("listitem", { name: "Photo 2: beach-again.jpg" })).toBeVisible();
  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  expect(page.url()).not.toContain(failedId);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await expect(page.getByLabel("Your video")).toHaveAttribute("src", /video\.mp4/);
  // The failed order is still there as it was.
  expect((await (await page.request.get(`/api/orders/${failedId}`)).json()).status).toBe("failed");
  expect(errors).toEqual([]);
});

test("My videos: Edit a copy opens the story in the editor; Delete asks, removes the files from S3, and its links answer 410", async ({ page, browser }, testInfo) => {
  const errors = collectErrors(page);
  const photo = await uploadViaApi(page.request, await solidJpeg([220, 180, 40]));
  const placed = await page.request.post("/api/orders", { data: { title: "Copy me", transition: "none", slides: [{ assetId: photo, durationMs: 1000, caption: "Sun" }] } });
  const { orderId } = await placed.json();
  await waitForDone(page, orderId);
  const order = await (await page.request.get(`/api/orders/${orderId}`)).json();

  await page.goto("/videos");
  await page.getByRole("button", { name: "Edit a copy of Copy me" }).click();
  await expect(page).toHaveURL(/\/editor$/);
  await expect(page.getByLabel("Video name")).toHaveValue("Copy me");
  await expect(page.getByTestId("slide-card")).toHaveCount(1);
  await expect(page.getByTestId("slide-card").first()).toContainText("1.0 s");
  // The original is untouched.
  expect((await (await page.request.get(`/api/orders/${orderId}`)).json()).status).toBe("done");

  // Only its owner can delete it.
  const stranger = await browser.newContext();
  expect((await stranger.request.post("/api/session")).status()).toBe(204);
  expect((await stranger.request.delete(`/api/orders/${orderId}`)).status()).toBe(404);
  await stranger.close();

  const keys = [`renders/${orderId}/video.mp4`, `renders/${orderId}/poster.jpg`];
  for (const key of keys) expect(await exists(key)).toBe(true);
  await page.goto("/videos");
  const item = page.getByTestId("video-item").filter({ hasText: "Copy me" });
  // Dismissed: nothing happens.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await page.getByRole("button", { name: "Delete Copy me" }).click();
  await expect(item).toHaveCount(1);
  const asked = page.waitForEvent("dialog");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Copy me" }).click();
  expect((await asked).message()).toMatch(/^Delete this video\?/);
  await expect(item).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "“Copy me” was deleted." })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("my-videos-deleted.png"), fullPage: true });
  for (const key of keys) expect(await exists(key)).toBe(false);
  // The photo is still used by the draft ("Edit a copy"): kept.
  expect(await exists(`uploads/${await sessionIdOf(page.context())}/${photo}`)).toBe(true);

  expect((await page.request.get(`/api/orders/${orderId}`)).status()).toBe(410);
  expect((await page.request.get(`/api/orders/${orderId}/video.mp4`, { maxRedirects: 0 })).status()).toBe(410);
  expect((await page.request.get(`${order.shareUrl.replace("/share/", "/api/share/")}/poster.jpg`, { maxRedirects: 0 })).status()).toBe(410);
  const shared = await page.goto(order.shareUrl);
  expect(shared?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This video is not available" })).toBeVisible();
  const own = await page.goto(`/orders/${orderId}`);
  expect(own?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This video is not here" })).toBeVisible();
  await expect(page.getByText("It was deleted, or it was made in another browser.")).toBeVisible();
  // Chromium logs the 404 answers of the two pages above.
  expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
});

test("Continue on another device: a QR code and a link, used once by a second browser that then sees the videos and the story", async ({ browser }, testInfo) => {
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  const errors = collectErrors(page);
  const photo = await uploadViaApi(page.request, await solidJpeg([30, 160, 120]));
  await page.request.post("/api/orders", { data: { title: "Laptop video", transition: "none", slides: [{ assetId: photo, durationMs: 1000 }] } });
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([
    { name: "draft-1.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([10, 10, 10]) },
    { name: "draft-2.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([240, 240, 240]) },
  ]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);

  await page.goto("/videos");
  await page.getByRole("button", { name: "Make a link" }).click();
  await expect(page.getByTestId("device-link-qr")).toBeVisible();
  const link = await page.getByLabel("Link for your other device").inputValue();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/continue#[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: testInfo.outputPath("device-link.png"), fullPage: true });
  const token = link.split("#")[1];
  // The QR code on the page is that very link (its path's unit squares, read back with a QR decoder).
  const qrPath = await page.getByTestId("device-link-qr").locator("path").getAttribute("d");
  const qrSize = Number((await page.getByTestId("device-link-qr").getAttribute("viewBox"))!.split(" ")[2]);
  expect(decodeQrPath({ size: qrSize, path: qrPath! })).toBe(link);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  const phoneErrors = collectErrors(phonePage);
  const urls: string[] = [];
  // The navigation to the link itself is left out: a fragment is never part of an HTTP request (Playwright may still report it on that one).
  phonePage.on("request", (request) => {
    if (!(request.isNavigationRequest() && request.url() === link)) urls.push(`${request.url()} ${request.headers().referer ?? ""}`);
  });
  await phonePage.goto(link);
  await expect(phonePage.getByRole("heading", { name: "Continue on this device" })).toBeVisible();
  // The token left the address bar at once.
  await expect(phonePage).toHaveURL(/\/continue$/);
  await phonePage.getByRole("button", { name: "Continue here" }).click();
  await expect(phonePage).toHaveURL(/\/videos\?joined=1$/);
  await expect(phonePage.getByTestId("joined-notice")).toContainText("the story (2 photos) of your other device");
  await expect(phonePage.getByTestId("video-item").filter({ hasText: "Laptop video" })).toBeVisible();
  await phonePage.screenshot({ path: testInfo.outputPath("phone-joined.png"), fullPage: true });
  await phonePage.getByRole("link", { name: "Continue your story" }).first().click();
  await expect(phonePage).toHaveURL(/\/editor$/);
  await expect(phonePage.getByTestId("slide-card")).toHaveCount(2);
  await expect(phonePage.getByRole("listitem", { name: "Photo 1: draft-1.jpg" })).toBeVisible();
  // No request the phone made carried the token in its address or Referer: nothing could log it.
  expect(urls.filter((line) => line.includes(token))).toEqual([]);
  expect(await sessionIdOf(phone)).toBe(await sessionIdOf(laptop));

  // Used once: a third browser gets a clear page.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await otherPage.getByRole("button", { name: "Continue here" }).click();
  await expect(otherPage.getByTestId("continue-error")).toHaveText("This link was already used. Each link opens once: make a new one on your other device.");
  // Forged: a changed expiry breaks the signature.
  const [id, expires, signature] = token.split(".");
  await otherPage.goto(`/continue#${id}.${Number(expires) + 3600}.${signature}`);
  await otherPage.getByRole("button", { name: "Continue here" }).click();
  await expect(otherPage.getByTestId("continue-error")).toHaveText(/^This link is not valid\./);
  // Expired: signed with the stack's own secret, 16 minutes ago.
  const expired = createDeviceLinkToken(secrets().sessionSecret, new Date(Date.now() - 16 * 60_000)).token;
  await otherPage.goto(`/continue#${expired}`);
  await otherPage.getByRole("button", { name: "Continue here" }).click();
  await expect(otherPage.getByTestId("continue-error")).toHaveText("This link has expired (links work for 15 minutes). Make a new one on your other device.");
  // No token at all.
  await otherPage.goto("/continue");
  await expect(otherPage.getByTestId("continue-error")).toContainText("This link is incomplete.");
  await otherPage.screenshot({ path: testInfo.outputPath("continue-refused.png"), fullPage: true });
  // The refused browser kept its own session.
  expect(await sessionIdOf(other)).not.toBe(await sessionIdOf(laptop));

  // "Stop this link" ends a link before it is used.
  await page.getByRole("button", { name: "New link" }).click();
  await expect(page.getByLabel("Link for your other device")).not.toHaveValue(link);
  const second = await page.getByLabel("Link for your other device").inputValue();
  await page.getByRole("button", { name: "Stop this link" }).click();
  await expect(page.getByRole("button", { name: "Make a link" })).toBeVisible();
  await otherPage.goto(second);
  await otherPage.getByRole("button", { name: "Continue here" }).click();
  await expect(otherPage.getByTestId("continue-error")).toHaveText("This link was stopped on the device that made it. Make a new one there.");

  expect(errors).toEqual([]);
  expect(phoneErrors).toEqual([]);
  await Promise.all([laptop.close(), phone.close(), other.close()]);
});
