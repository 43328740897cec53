import { expect, meanColorAt, nearest, probeVideo, test, type Rgb } from "./fixtures";

const RED: Rgb = [220, 30, 30];
const GREEN: Rgb = [30, 200, 40];
const BLUE: Rgb = [30, 60, 220];

test("a customer uploads photos, orders a video and downloads it", async ({ page, makePhotos }, testInfo) => {
  const photos = await makePhotos([RED, GREEN, BLUE]);
  const consoleErrors: string[] = [];
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Turn your photos into a video" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await expect(page.getByText("Add at least one photo to make a video.")).toBeVisible();

  await page.getByLabel("Add photos").setInputFiles(photos);
  const slides = page.getByRole("list", { name: "Slides" }).getByRole("listitem");
  await expect(slides).toHaveCount(3);
  await expect(slides.getByText("Ready")).toHaveCount(3, { timeout: 30_000 });

  await page.getByLabel("Caption for photo 1").fill("Red morning");
  await page.getByLabel("Caption for photo 2").fill("Green afternoon");
  await page.getByLabel("Caption for photo 3").fill("Blue night: it's 100% {done} \\o/");
  // Put the blue photo second.
  await page.getByRole("button", { name: "Move photo 3 up" }).click();
  await expect(page.getByLabel("Caption for photo 2")).toHaveValue("Blue night: it's 100% {done} \\o/");
  await expect(page.getByLabel("Caption for photo 3")).toHaveValue("Green afternoon");
  await page.getByLabel("Title (used as the file name)").fill("Our summer");
  await expect(page.getByTestId("total-length")).toHaveText("8.0 s");
  await page.screenshot({ path: testInfo.outputPath("editor.png"), fullPage: true });

  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  const status = page.getByTestId("order-status");
  await expect(status).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  await expect(page.getByText("Your video is ready")).toBeVisible();
  const video = page.locator("video");
  await expect(video).toHaveAttribute("poster", /poster\.jpg/);
  await expect(video).toHaveAttribute("src", /video\.mp4/);
  await page.screenshot({ path: testInfo.outputPath("order-done.png"), fullPage: true });

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download video" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("our-summer.mp4");
  const file = testInfo.outputPath("our-summer.mp4");
  await download.saveAs(file);

  const probe = await probeVideo(file);
  expect(probe).toMatchObject({ codec: "h264", width: 1280, height: 720 });
  expect(Math.abs(probe.durationSec - 8)).toBeLessThanOrEqual(1 / 30 + 1e-6);
  // Slides keep the order chosen in the editor: red, blue, green.
  const palette = [RED, GREEN, BLUE];
  const order = await Promise.all([1.25, 4, 6.75].map(async (t) => nearest(await meanColorAt(file, t), palette)));
  expect(order).toEqual([0, 2, 1]);
  // No CSP violation or script error on the way.
  expect(consoleErrors).toEqual([]);
});

test("a file that is not a photo is refused in place", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.getByLabel("Add photos").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByRole("list", { name: "Slides" }).getByRole("alert")).toHaveText("Only JPEG, PNG and WebP photos can be used");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("refused.png") });
});

test("a fake JPEG is refused by the server's check", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Add photos").setInputFiles({ name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is text, not a JPEG") });
  await expect(page.getByRole("list", { name: "Slides" }).getByRole("alert")).toHaveText("This file is not a JPEG, PNG or WebP photo");
});

test("another customer's order page is not found", async ({ browser, page, makePhotos }) => {
  const [photo] = await makePhotos([RED]);
  await page.goto("/");
  await page.getByLabel("Add photos").setInputFiles(photo);
  await expect(page.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\//);
  const url = page.url();

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const response = await strangerPage.goto(url);
  expect(response?.status()).toBe(404);
  await stranger.close();
});
