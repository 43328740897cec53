import { collectErrors, corruptJpeg, expect, gradientJpeg, solidJpeg, test, undecodableMp3, uploadViaApi } from "./fixtures";

// The customer's order pages: live status with the place in line and the
// time left, a failed order explained with "Try again", and the phone size.

test("the order page follows the order live: place in line, progress with time left, then the video", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  // Two longer videos ordered first keep the one renderer busy, so ours waits in line.
  const slow = await uploadViaApi(page.request, await gradientJpeg());
  const slowSpec = { slides: [{ assetId: slow, durationMs: 8000, kenBurns: true }, { assetId: slow, durationMs: 8000, kenBurns: true }] };
  for (const title of ["Ahead 1", "Ahead 2"]) {
    expect((await page.request.post("/api/orders", { data: { ...slowSpec, title } })).status()).toBe(202);
  }
  const photo = await uploadViaApi(page.request, await solidJpeg([40, 120, 200]));
  const placed = await page.request.post("/api/orders", {
    data: {
      title: "Waiting my turn",
      resolution: "1080p",
      slides: [
        { assetId: photo, durationMs: 6000, caption: "Hello", kenBurns: true },
        { assetId: slow, durationMs: 6000, kenBurns: true },
        { assetId: slow, durationMs: 6000, kenBurns: true, fit: "blur" },
      ],
    },
  });
  expect(placed.status()).toBe(202);
  const { orderId } = await placed.json();

  await page.goto(`/orders/${orderId}`);
  const status = page.getByTestId("order-status");
  await expect(status).toHaveAttribute("data-status", "queued");
  await expect(page.getByTestId("queue-position")).toHaveText(/Number [2-9]\d* in line: \d+ videos? (is|are) ahead of yours\./);
  await page.screenshot({ path: testInfo.outputPath("order-queued.png"), fullPage: true });
  // The place in line goes down without a reload.
  await expect(page.getByTestId("queue-position")).toHaveText("You are next in line. It starts as soon as a renderer is free.", { timeout: 120_000 });

  // My videos shows all three, the ones still being made included.
  const videos = await page.context().newPage();
  await videos.goto("/videos");
  const list = videos.getByRole("list", { name: "Videos" });
  await expect(list.getByRole("listitem").filter({ hasText: "Waiting my turn" })).toContainText("Waiting in line");
  await expect(list.getByRole("listitem").filter({ hasText: "Ahead 2" })).toContainText(/Being made|Waiting in line|Ready/);
  await expect(list.getByRole("listitem").filter({ hasText: "Ahead 1" })).toContainText("0:16");
  await videos.screenshot({ path: testInfo.outputPath("my-videos-in-progress.png"), fullPage: true });
  await videos.close();

  await expect(status).toHaveAttribute("data-status", "rendering", { timeout: 150_000 });
  await expect(page.getByRole("progressbar", { name: "Rendering progress" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("order-rendering.png"), fullPage: true });
  await expect(status).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await expect(page.getByLabel("Your video")).toHaveAttribute("src", /video\.mp4/);
  await expect(page.getByRole("link", { name: "Download video" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a slow render shows the time left while it runs", async ({ page }, testInfo) => {
  const slow = await uploadViaApi(page.request, await gradientJpeg());
  const placed = await page.request.post("/api/orders", {
    data: {
      title: "Long one",
      transition: "zoom",
      slides: Array.from({ length: 3 }, (_, i) => ({ assetId: slow, durationMs: 8000, kenBurns: true, caption: `Part ${i + 1}` })),
    },
  });
  const { orderId } = await placed.json();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("render-progress")).toHaveText(/^\d+%(about .+|a few seconds) left$/, { timeout: 150_000 });
  await page.screenshot({ path: testInfo.outputPath("order-eta.png"), fullPage: true });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 170_000 });
});

test("a failed order says what went wrong in plain words and offers to try again, on a phone", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto("/editor");
  // A damaged photo (a whole header, no picture) is refused in place: the upload check decodes it.
  await page.getByLabel("Add photos").setInputFiles({ name: "damaged.jpg", mimeType: "image/jpeg", buffer: await corruptJpeg() });
  await expect(page.getByTestId("slide-card").first().getByRole("alert")).toHaveText("This photo is damaged or incomplete and cannot be read", { timeout: 30_000 });
  await page.getByRole("button", { name: "Remove photo 1" }).click();
  // Music that looks like an MP3 to the upload check but cannot be decoded: the order fails for real.
  await page.getByLabel("Add photos").setInputFiles({ name: "fine.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([90, 90, 90]) });
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
  await page.getByLabel("Add music").setInputFiles({ name: "broken.mp3", mimeType: "audio/mpeg", buffer: undecodableMp3() });
  await expect(page.getByTestId("music-status")).toHaveText(/^Ready/, { timeout: 30_000 });
  await page.getByLabel("Video name").fill("Broken one");
  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  const failedUrl = page.url();
  await page.screenshot({ path: testInfo.outputPath("phone-order-waiting.png") });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "failed", { timeout: 150_000 });
  await expect(page.getByTestId("order-error")).toHaveText("The music file could not be read.");
  await expect(page.getByRole("alert").filter({ hasText: "What went wrong" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("phone-order-failed.png"), fullPage: true });

  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page).not.toHaveURL(failedUrl);
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { name: "Broken one" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", /queued|rendering|failed/);
  const retriedUrl = page.url();
  // Pressing "Try again" twice makes one new order, not two.
  const failedId = failedUrl.split("/").pop();
  const again = await page.request.post(`/api/orders/${failedId}/retry`);
  expect(again.status()).toBe(202);
  expect((await again.json()).orderId).toBe(retriedUrl.split("/").pop());
  // Only a failed order can be tried again, and only by its owner.
  const stranger = await browser.newContext();
  expect((await stranger.request.post("/api/session")).status()).toBe(204);
  expect((await stranger.request.post(`/api/orders/${failedId}/retry`)).status()).toBe(404);
  await stranger.close();

  await page.goto("/videos");
  await expect(page.getByRole("list", { name: "Videos" }).getByRole("listitem").filter({ hasText: "Could not be made" }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("phone-my-videos.png"), fullPage: true });
  // Chromium logs every HTTP error answer; the refusal of the damaged photo is the only one.
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  await context.close();
});

test("a finished order on a phone: player, download and share link fit the screen", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const photo = await uploadViaApi(page.request, await gradientJpeg(900, 1200));
  const placed = await page.request.post("/api/orders", {
    data: { title: "Tall one", aspectRatio: "9:16", titleCard: { title: "Tall one", subtitle: "On a phone" }, slides: [{ assetId: photo, durationMs: 2000, fit: "blur" }] },
  });
  const { orderId } = await placed.json();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await expect(page.getByLabel("Share link")).toHaveValue(/\/share\//);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("phone-order-done.png"), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
