import type { Page, Request, Route, TestInfo } from "@playwright/test";
import { collectErrors, expect, gradientJpeg, makeMusic, solidJpeg, test, type Rgb } from "./fixtures";

// Uploads that meet a bad connection, in the real browser against the local
// stack: a blip offline mid-upload (context.setOffline and aborted
// requests) and a busy server (503) are tried again by themselves; a
// refused file is reported apart and never tried again; Retry stays at
// hand; the music recovers the same way; and leaving the page while an
// upload runs asks first.

const jpeg = async (name: string, color: Rgb) => ({ name, mimeType: "image/jpeg", buffer: await solidJpeg(color) });

/** The browser's PUT of a photo's bytes to storage (the staging key, incoming/…). */
const isStoragePut = (url: URL) => url.pathname.includes("/incoming/") && !url.pathname.startsWith("/api/");

/** Chromium logs each request cut by the offline emulation; those are the scenario, not a fault of the page. */
const unexpected = (errors: string[]) => errors.filter((error) => !/net::ERR_(INTERNET_DISCONNECTED|FAILED|CONNECTION_RESET)/.test(error));

/** Photos created per file name (POST /api/uploads), to count the tries of each. */
function countCreates(page: Page): Map<string, number> {
  const counts = new Map<string, number>();
  page.on("request", (request: Request) => {
    if (request.method() !== "POST" || !request.url().endsWith("/api/uploads")) return;
    const { filename } = request.postDataJSON() as { filename: string };
    counts.set(filename, (counts.get(filename) ?? 0) + 1);
  });
  return counts;
}

/** A full-page screenshot kept in the test's folder and attached to its report. */
async function attach(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** The scenario itself: a stretch of time with the browser offline (longer than the customer's 7 s). */
const stayOffline = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("uploads cut by going offline mid-upload finish by themselves once the browser is back online", async ({ page, context }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto("/editor");
  // Each photo's first PUT is held until the connection drops, so the drop comes mid-upload.
  const held: Route[] = [];
  await page.route(isStoragePut, async (route) => {
    if (route.request().method() === "PUT" && held.length < 3) held.push(route);
    else await route.continue();
  });
  await page.getByLabel("Add photos").setInputFiles([await jpeg("one.jpg", [220, 30, 30]), await jpeg("two.jpg", [30, 200, 40]), await jpeg("three.jpg", [30, 60, 220])]);
  const cards = page.getByTestId("slide-card");
  await expect.poll(() => held.length, { timeout: 30_000 }).toBe(3);
  await expect(cards.filter({ hasText: "Uploading" })).toHaveCount(3);

  await context.setOffline(true);
  for (const route of held) await route.abort("internetdisconnected");
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await expect(cards.filter({ hasText: "Waiting for the connection" })).toHaveCount(3);
  await expect(page.getByTestId("upload-summary")).toHaveText("You are offline: 3 photos waiting for the connection. They upload by themselves when it is back.");
  await expect(page.getByTestId("order-blocker")).toHaveText("Waiting for the connection: 3 photos still to upload.");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  // Retry stays at hand, and nothing is refused.
  await expect(page.getByRole("button", { name: /^Retry upload of photo/ })).toHaveCount(3);
  await expect(cards.filter({ hasText: "Refused" })).toHaveCount(0);
  await attach(page, testInfo, "uploads-offline");

  // Offline for a while: the uploads keep waiting (no pile of failures, nothing given up).
  const triedOffline: string[] = [];
  const onRequest = (request: Request) => request.url().includes("/api/uploads") && triedOffline.push(request.url());
  page.on("request", onRequest);
  await stayOffline(8_000);
  page.off("request", onRequest);
  expect(triedOffline).toEqual([]);
  await expect(cards.filter({ hasText: "Waiting for the connection" })).toHaveCount(3);

  // Back online: no click needed.
  await context.setOffline(false);
  await expect(cards.filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId("upload-summary")).toHaveCount(0);
  await expect(page.getByTestId("upload-reason")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
  await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: one.jpg");
  await attach(page, testInfo, "uploads-back-online");
  expect(unexpected(errors)).toEqual([]);
});

test("a refused file is shown as refused and never tried again; a busy server's failure is tried again by itself", async ({ page, context }, testInfo) => {
  const errors = collectErrors(page);
  const creates = countCreates(page);
  await page.goto("/editor");
  const cards = page.getByTestId("slide-card");

  // Refused by the server's check of the stored bytes.
  await page.getByLabel("Add photos").setInputFiles([{ name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is text, not a JPEG") }]);
  await expect(cards.nth(0)).toContainText("Refused", { timeout: 30_000 });

  // The next photo's confirmation meets a busy server (503) until it is less busy.
  let isBusy = true;
  await page.route("**/api/uploads/*/complete", async (route) => {
    if (isBusy) await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Busy, try again" } }) });
    else await route.continue();
  });
  await page.getByLabel("Add photos").setInputFiles([await jpeg("good.jpg", [30, 200, 40])]);
  // Both at once, told apart: the refusal with its reason, the failure as waiting for its next try.
  await expect(cards.nth(1)).toContainText("Trying again soon");
  await expect(page.getByTestId("upload-summary").locator("li")).toHaveText([
    "1 photo could not be uploaded just now: trying again by itself in a moment.",
    "1 photo refused: This file is not a JPEG, PNG or WebP photo.",
  ]);
  await expect(cards.nth(1).getByRole("button", { name: "Retry upload of photo 2" })).toBeVisible();
  await attach(page, testInfo, "refused-and-waiting");

  isBusy = false;
  await expect(cards.nth(1)).toContainText("Ready", { timeout: 30_000 });
  expect(creates.get("good.jpg")).toBeGreaterThanOrEqual(2);
  await expect(cards.nth(0).getByRole("alert")).toHaveText("This file is not a JPEG, PNG or WebP photo");
  await expect(cards.nth(0).getByRole("button", { name: /Retry/ })).toHaveCount(0);
  await expect(page.getByTestId("upload-summary")).toHaveText("1 photo refused: This file is not a JPEG, PNG or WebP photo.");
  await expect(page.getByTestId("order-blocker")).toHaveText("Remove the refused photo: it cannot be used.");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();

  // The connection coming back retries every waiting upload, but not a refused one; nor does time.
  await context.setOffline(true);
  await context.setOffline(false);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(true);
  await page.getByLabel("Add photos").setInputFiles([await jpeg("after.jpg", [30, 60, 220])]);
  await expect(cards.nth(2)).toContainText("Ready", { timeout: 30_000 });
  expect(creates.get("fake.jpg")).toBe(1);
  await expect(cards.nth(0)).toContainText("Refused");

  await page.getByRole("button", { name: "Remove photo 1" }).click();
  await expect(page.getByTestId("upload-summary")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
  // Chromium logs every HTTP error answer: the refusal (422) and the busy answer (503), nothing else.
  expect([...new Set(unexpected(errors))].sort()).toEqual([
    "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
    "Failed to load resource: the server responded with a status of 503 (Service Unavailable)",
  ]);
});

test("Retry starts a waiting upload at once, without losing the other photos", async ({ page }) => {
  await page.goto("/editor");
  const big = await gradientJpeg();
  const small = await solidJpeg([30, 60, 220]);
  // The connection keeps dropping during the big photo's PUT (told apart by its size) until it is fixed.
  let isCut = true;
  let cuts = 0;
  let puts = 0;
  await page.route(isStoragePut, async (route) => {
    const isBig = route.request().method() === "PUT" && route.request().postDataBuffer()?.length === big.length;
    if (isBig) puts += 1;
    if (isBig && isCut) {
      cuts += 1;
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await page.getByLabel("Add photos").setInputFiles([
    { name: "first.jpg", mimeType: "image/jpeg", buffer: big },
    { name: "second.jpg", mimeType: "image/jpeg", buffer: small },
  ]);
  const cards = page.getByTestId("slide-card");
  await expect(cards.nth(1)).toContainText("Ready", { timeout: 30_000 });
  await expect(cards.nth(0)).toContainText("Trying again soon");
  await expect(cards.nth(0).getByTestId("upload-reason")).toHaveText("The upload was interrupted: the connection was lost.");
  await expect(page.getByTestId("order-blocker")).toHaveText("Wait for 1 photo to upload: trying again in a moment.");
  // Tried again by itself (after 1 s, then 2 s); the next try is 3–5 s away.
  await expect.poll(() => cuts, { timeout: 30_000, intervals: [100] }).toBe(3);
  isCut = false;
  await page.getByRole("button", { name: "Retry upload of photo 1" }).click();
  await expect.poll(() => puts, { timeout: 2_000, intervals: [50] }).toBe(4);
  await expect(cards.nth(0)).toContainText("Ready", { timeout: 30_000 });
  await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: first.jpg");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
});

test("the music shares the same recovery: cut uploads are tried again by themselves", async ({ page }, testInfo) => {
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([await jpeg("one.jpg", [220, 30, 30])]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
  let isCut = true;
  await page.route(isStoragePut, async (route) => {
    if (isCut && route.request().method() === "PUT" && route.request().headers()["content-type"]?.startsWith("audio/")) await route.abort("connectionreset");
    else await route.continue();
  });
  await page.getByLabel("Add music").setInputFiles(await makeMusic(testInfo.outputPath("song.mp3")));
  await expect(page.getByTestId("music-status")).toHaveText("Trying again soon", { timeout: 30_000 });
  await expect(page.getByTestId("upload-summary")).toHaveText("The music could not be uploaded just now: trying again by itself in a moment.");
  await expect(page.getByTestId("order-blocker")).toHaveText("Wait for the music to upload: trying again in a moment.");
  await expect(page.getByRole("button", { name: "Retry music upload" })).toBeVisible();
  isCut = false;
  await expect(page.getByTestId("music-status")).toHaveText("Ready — fades out at the end of the video", { timeout: 30_000 });
  await expect(page.getByTestId("upload-summary")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
});

test("leaving the editor while an upload runs asks first: closing the tab and a link inside the site", async ({ page }, testInfo) => {
  await page.goto("/editor");
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(isStoragePut, async (route) => {
    await released;
    await route.continue();
  });
  await page.getByLabel("Add photos").setInputFiles([await jpeg("slow.jpg", [200, 120, 40])]);
  const cards = page.getByTestId("slide-card");
  await expect(cards.first()).toContainText("Uploading");
  // Chromium asks before unloading only a page the customer has used (a click).
  await page.getByRole("button", { name: "Edit photo 1" }).click();

  const dialogs: Array<{ type: string; message: string }> = [];
  page.on("dialog", async (dialog) => {
    dialogs.push({ type: dialog.type(), message: dialog.message() });
    await dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0].type).toBe("beforeunload");
  expect(page.isClosed()).toBe(false);

  // A link inside the site navigates without unloading the page: it asks too, and staying keeps the upload.
  await page.getByRole("link", { name: "My videos", exact: true }).click();
  await expect.poll(() => dialogs.length).toBe(2);
  expect(dialogs[1]).toEqual({ type: "confirm", message: "1 photo is not uploaded yet: if you leave now, it is not kept. Leave anyway?" });
  await expect(page).toHaveURL(/\/editor$/);
  await attach(page, testInfo, "asked-before-leaving");

  release();
  await expect(cards.first()).toContainText("Ready", { timeout: 30_000 });
  // Uploaded: leaving asks nothing.
  await page.getByRole("link", { name: "My videos", exact: true }).click();
  await expect(page).toHaveURL(/\/videos$/);
  expect(dialogs).toHaveLength(2);
});
