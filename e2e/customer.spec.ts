import {
  collectErrors,
  expect,
  hasAudioStream,
  keyboardSensorListening,
  makeMusic,
  meanColorAt,
  meanVolume,
  nearest,
  probeVideo,
  test,
  type Rgb,
} from "./fixtures";

const RED: Rgb = [220, 30, 30];
const GREEN: Rgb = [30, 200, 40];
const BLUE: Rgb = [30, 60, 220];

test("a customer builds a story, orders it, watches it being made, downloads and shares it", async ({ page, browser, makePhotos }, testInfo) => {
  const photos = await makePhotos([RED, GREEN, BLUE]);
  const errors = collectErrors(page);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Turn your photos into a video" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("home.png") });
  await page.getByRole("link", { name: "Start a new story" }).click();
  await expect(page.getByRole("heading", { name: "Your story" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await expect(page.getByText("Add at least one photo to make a video.")).toBeVisible();

  await page.getByLabel("Add photos").setInputFiles(photos);
  const cards = page.getByTestId("slide-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });

  const caption = page.getByLabel("Caption", { exact: true });
  await page.getByRole("button", { name: "Edit photo 1" }).click();
  await caption.fill("Red morning");
  await page.getByRole("button", { name: "Edit photo 2" }).click();
  await caption.fill("Green afternoon");
  await page.getByRole("button", { name: "Edit photo 3" }).click();
  await caption.fill("Blue night: it's 100% {done} \\o/");
  // Put the blue photo second, from the keyboard.
  await page.getByRole("button", { name: "Move photo 3", exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByText("Photo 3 would move to position 3 of 3.")).toBeAttached();
  await keyboardSensorListening(page);
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByText("Photo 3 would move to position 2 of 3.")).toBeAttached();
  await page.keyboard.press("Space");
  await expect(cards.nth(1)).toHaveAccessibleName("Photo 2: photo-3.jpg");
  await page.getByRole("button", { name: "Edit photo 2" }).click();
  await expect(caption).toHaveValue("Blue night: it's 100% {done} \\o/");
  await page.getByRole("button", { name: "Edit photo 3" }).click();
  await expect(caption).toHaveValue("Green afternoon");
  await page.getByLabel("Video name").fill("Our summer");
  await expect(page.getByTestId("total-length")).toHaveText("0:08.0");
  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  await page.screenshot({ path: testInfo.outputPath("editor.png"), fullPage: true });

  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  const orderUrl = page.url();
  // Record every state the page shows on its own, without a reload.
  await page.evaluate(() => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [];
    const record = () => {
      const status = document.querySelector<HTMLElement>("[data-testid=order-status]")?.dataset.status ?? "";
      const detail = document.querySelector("[data-testid=render-progress]")?.textContent ?? document.querySelector("[data-testid=queue-position]")?.textContent ?? "";
      const entry = `${status}|${detail}`;
      if (w.__seen.at(-1) !== entry) w.__seen.push(entry);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const status = page.getByTestId("order-status");
  await expect(status).toHaveAttribute("data-status", /queued|rendering/);
  await page.screenshot({ path: testInfo.outputPath("order-in-progress.png"), fullPage: true });
  await expect(status).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  // It showed the order in progress, then finished on its own (orders.spec.ts looks at each stage closely).
  expect(seen.some((entry) => /^(queued|rendering)\|/.test(entry))).toBe(true);
  expect(seen.at(-1)).toMatch(/^done/);

  await expect(page.getByText("Your video is ready")).toBeVisible();
  const video = page.getByLabel("Your video");
  await expect(video).toHaveAttribute("poster", /poster\.jpg/);
  await expect(video).toHaveAttribute("src", /video\.mp4/);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath("order-done.png"), fullPage: true });

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download video" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("Our-summer.mp4");
  const file = testInfo.outputPath("our-summer.mp4");
  await download.saveAs(file);
  const probe = await probeVideo(file);
  expect(probe).toMatchObject({ codec: "h264", width: 1280, height: 720 });
  expect(Math.abs(probe.durationSec - 8)).toBeLessThanOrEqual(1 / 30 + 1e-6);
  // Slides keep the order chosen in the editor: red, blue, green.
  const palette = [RED, GREEN, BLUE];
  const order = await Promise.all([1.25, 4, 6.75].map(async (t) => nearest(await meanColorAt(file, t), palette)));
  expect(order).toEqual([0, 2, 1]);

  // The share link: copied, and it opens in a browser that has never seen this customer.
  const shareField = page.getByLabel("Share link");
  await expect(shareField).toHaveValue(/\/share\/[A-Za-z0-9_-]{22}-[A-Za-z0-9_-]{43}$/);
  const shareUrl = await shareField.inputValue();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Link copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const strangerErrors = collectErrors(strangerPage);
  const shared = await strangerPage.goto(shareUrl);
  expect(shared?.status()).toBe(200);
  await expect(strangerPage.getByRole("heading", { name: "Our summer" })).toBeVisible();
  await expect(strangerPage.locator("video")).toHaveAttribute("src", /video\.mp4/);
  await expect(strangerPage.getByRole("link", { name: "Download video" })).toBeVisible();
  await strangerPage.screenshot({ path: testInfo.outputPath("shared.png"), fullPage: true });
  // The link shows the video only: the order page stays the owner's, and a forged link is nothing.
  expect((await strangerPage.goto(orderUrl))?.status()).toBe(404);
  const forged = shareUrl.slice(0, -3) + (shareUrl.endsWith("AAA") ? "BBB" : "AAA");
  expect((await strangerPage.goto(forged))?.status()).toBe(404);
  expect(strangerErrors.filter((e) => !e.includes("404"))).toEqual([]);
  await stranger.close();

  // My videos lists it with its poster and length.
  await page.getByRole("link", { name: "My videos" }).first().click();
  await expect(page.getByRole("heading", { name: "My videos" })).toBeVisible();
  const item = page.getByRole("list", { name: "Videos" }).getByRole("listitem").filter({ hasText: "Our summer" });
  await expect(item).toContainText("Ready");
  await expect(item).toContainText("0:08");
  await expect(item).toContainText("3 photos");
  await expect(item.locator("img")).toHaveAttribute("src", /poster\.jpg/);
  await expect.poll(() => item.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath("my-videos.png"), fullPage: true });
  await item.getByRole("link").click();
  await expect(page).toHaveURL(orderUrl);

  // No CSP violation or script error on the way.
  expect(errors).toEqual([]);
});

test("another customer's order page is not found", async ({ browser, page, makePhotos }) => {
  const [photo] = await makePhotos([RED]);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles(photo);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page).toHaveURL(/\/orders\//);
  const url = page.url();

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const response = await strangerPage.goto(url);
  expect(response?.status()).toBe(404);
  // The order pages' own not-found page (a deleted video looks the same to its owner).
  await expect(strangerPage.getByRole("heading", { name: "This video is not here" })).toBeVisible();
  await stranger.close();
});

test("music chosen in the editor is in the video and fades out at the end", async ({ page, makePhotos }, testInfo) => {
  const [photo] = await makePhotos([GREEN]);
  const errors = collectErrors(page);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles(photo);
  await page.getByLabel("Add music").setInputFiles(await makeMusic(testInfo.outputPath("song.mp3"), 12));
  await expect(page.getByTestId("music-status")).toHaveText(/^Ready/, { timeout: 30_000 });
  await page.getByLabel("How long it stays").fill("6");
  await page.getByLabel("Video name").fill("With music");
  await page.getByRole("button", { name: "Make my video" }).click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download video" }).click();
  const file = testInfo.outputPath("with-music.mp4");
  await (await downloadPromise).saveAs(file);
  expect(await hasAudioStream(file)).toBe(true);
  // Loud in the middle, (nearly) silent in the last moment: the fade-out.
  expect(await meanVolume(file, 2, 1)).toBeGreaterThan(-30);
  expect(await meanVolume(file, 5.8, 0.2)).toBeLessThan((await meanVolume(file, 2, 1)) - 12);
  expect(errors).toEqual([]);
});
