import sharp from "sharp";
import {
  canvasColor,
  collectErrors,
  dropFiles,
  expect,
  gradientJpeg,
  keyboardSensorListening,
  makeMusic,
  nearest,
  solidJpeg,
  test,
  watchLayoutShift,
  type Rgb,
} from "./fixtures";

// The story editor as a customer uses it, in the real browser against the
// whole local stack: adding photos (drop and picker), refusals, keyboard
// reordering, slide options and the title card as the preview
// shows them, music, and the draft surviving reloads. Uploads that meet a
// bad connection: upload-recovery.spec.ts.

const RED: Rgb = [220, 30, 30];
const GREEN: Rgb = [30, 200, 40];
const BLUE: Rgb = [30, 60, 220];
const PALETTE = [RED, GREEN, BLUE];

const jpeg = async (name: string, color: Rgb) => ({ name, mimeType: "image/jpeg", buffer: await solidJpeg(color) });

test.describe("the story editor", () => {
  test("photos dropped anywhere on the page show browser-made thumbnails at once and upload with progress, without layout shift", async ({
    page,
  }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
    await expect(page.getByTestId("order-blocker")).toHaveText("Add at least one photo to make a video.");
    await page.screenshot({ path: testInfo.outputPath("editor-empty.png"), fullPage: true });

    const shift = await watchLayoutShift(page, 'ol[aria-label="Slides"]');
    await dropFiles(page, [await jpeg("red.jpg", RED), await jpeg("green.jpg", GREEN), await jpeg("blue.jpg", BLUE)]);
    const cards = page.getByTestId("slide-card");
    await expect(cards).toHaveCount(3);
    await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: red.jpg");
    await expect(cards.nth(2)).toHaveAccessibleName("Photo 3: blue.jpg");
    // Thumbnails are made in the browser (blob: URLs), not fetched back from storage.
    for (let i = 0; i < 3; i++) await expect(cards.nth(i).locator("img")).toHaveAttribute("src", /^blob:/);
    await expect(cards.filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
    await expect(page.getByTestId("photo-count")).toHaveText("3 of 100");
    await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
    // Three 3 s photos with two 0.5 s crossfades.
    await expect(page.getByTestId("total-length")).toHaveText("0:08.0");
    expect(await shift()).toBeLessThan(0.001);
    await page.screenshot({ path: testInfo.outputPath("editor-dropped.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("files that are not photos or are too large are refused in place with the reason; the rest go on", async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") },
      { name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(26 * 1024 * 1024, 0xff) },
      { name: "fake.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is text, not a JPEG") },
      await jpeg("good.jpg", GREEN),
    ]);
    const cards = page.getByTestId("slide-card");
    await expect(cards).toHaveCount(4);
    await expect(cards.nth(0).getByRole("alert")).toHaveText("Only JPEG, PNG and WebP photos can be used");
    await expect(cards.nth(1).getByRole("alert")).toHaveText("This photo is 26 MB; the limit is 25 MB");
    // The server's own check of the stored bytes refuses the fake JPEG.
    await expect(cards.nth(2).getByRole("alert")).toHaveText("This file is not a JPEG, PNG or WebP photo", { timeout: 30_000 });
    await expect(cards.nth(3)).toContainText("Ready", { timeout: 30_000 });
    await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
    await expect(page.getByTestId("order-blocker")).toHaveText("Remove the 3 refused photos: they cannot be used.");
    // A refused file cannot be retried, only removed.
    await expect(page.getByRole("button", { name: /Retry upload/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("editor-refused.png"), fullPage: true });

    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Remove photo 1" }).click();
    await expect(cards).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
    // Chromium itself logs every HTTP error answer; the server's refusal of the fake JPEG is the only one.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  });

  test("slides are reordered with the keyboard, and the preview follows", async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([await jpeg("red.jpg", RED), await jpeg("green.jpg", GREEN), await jpeg("blue.jpg", BLUE)]);
    const cards = page.getByTestId("slide-card");
    await expect(cards.filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });

    // Space picks the photo up, the arrow keys move it, Space drops it.
    await page.getByRole("button", { name: "Move photo 1", exact: true }).focus();
    await page.keyboard.press("Space");
    await expect(page.getByText("Photo 1 would move to position 1 of 3.")).toBeAttached();
    await keyboardSensorListening(page);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText("Photo 1 would move to position 2 of 3.")).toBeAttached();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText("Photo 1 would move to position 3 of 3.")).toBeAttached();
    await page.keyboard.press("Space");
    await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: green.jpg");
    await expect(cards.nth(1)).toHaveAccessibleName("Photo 2: blue.jpg");
    await expect(cards.nth(2)).toHaveAccessibleName("Photo 3: red.jpg");
    // Screen readers heard where it went.
    await expect(page.getByText("Photo 1 was dropped at position 3 of 3.")).toBeAttached();
    // Focus stays on the handle of the moved photo, so it can be moved again.
    await expect(page.getByRole("button", { name: "Move photo 3", exact: true })).toBeFocused();

    // Escape cancels a move (once the drop has settled).
    for (let i = 0; i < 3; i++) await expect(cards.nth(i)).toHaveCSS("transform", "none");
    await page.keyboard.press("Space");
    await expect(page.getByText("Photo 3 would move to position 3 of 3.")).toBeAttached();
    await keyboardSensorListening(page);
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByText("Photo 3 would move to position 2 of 3.")).toBeAttached();
    await page.keyboard.press("Escape");
    await expect(page.getByText("Moving canceled.")).toBeAttached();
    await expect(cards.nth(2)).toHaveAccessibleName("Photo 3: red.jpg");

    // The preview plays the new order: photo 1 is green, photo 3 red.
    await page.getByRole("button", { name: "Edit photo 1" }).click();
    await expect.poll(async () => nearest(await canvasColor(page, { x: 0.1, y: 0.1, w: 0.8, h: 0.3 }), PALETTE)).toBe(1);
    await page.getByRole("button", { name: "Edit photo 3" }).click();
    await expect.poll(async () => nearest(await canvasColor(page, { x: 0.1, y: 0.1, w: 0.8, h: 0.3 }), PALETTE)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath("editor-reordered.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("slides are reordered by dragging them with the mouse", async ({ page }, testInfo) => {
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([await jpeg("red.jpg", RED), await jpeg("green.jpg", GREEN), await jpeg("blue.jpg", BLUE)]);
    const cards = page.getByTestId("slide-card");
    await expect(cards.filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
    await cards.nth(2).scrollIntoViewIfNeeded();
    const from = (await cards.nth(0).boundingBox())!;
    const to = (await cards.nth(2).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 3);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 3, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 3, { steps: 12 });
    await page.screenshot({ path: testInfo.outputPath("editor-dragging.png") });
    await page.mouse.up();
    await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: green.jpg");
    await expect(cards.nth(2)).toHaveAccessibleName("Photo 3: red.jpg");
  });

  test("caption, its style, length, zoom, transition and title card show in the live preview", async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([
      { name: "gradient.jpg", mimeType: "image/jpeg", buffer: await gradientJpeg() },
      await jpeg("blue.jpg", BLUE),
    ]);
    await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
    await expect(page.getByTestId("total-length")).toHaveText("0:05.5");
    await page.getByRole("button", { name: "Edit photo 2" }).click();
    const bottom = { x: 0.3, y: 0.8, w: 0.4, h: 0.1 };
    const top = { x: 0.3, y: 0.1, w: 0.4, h: 0.1 };
    await expect.poll(async () => nearest(await canvasColor(page, bottom), PALETTE)).toBe(2);
    const plainBottom = await canvasColor(page, bottom);

    // A caption in a dark box at the bottom, in several scripts.
    await page.getByLabel("Caption", { exact: true }).fill("Summer ☀️ שלום مرحبا 夏天");
    await expect.poll(async () => distance(await canvasColor(page, bottom), plainBottom)).toBeGreaterThan(40);
    // Moved to the top: the bottom is bare again, the top is not.
    await page.getByRole("radio", { name: "Top" }).check();
    await expect.poll(async () => distance(await canvasColor(page, bottom), plainBottom)).toBeLessThan(8);
    await expect.poll(async () => distance(await canvasColor(page, top), plainBottom)).toBeGreaterThan(40);
    await page.getByRole("radio", { name: "Large" }).check();
    await page.getByRole("radio", { name: "Shadow" }).check();
    await page.getByRole("button", { name: "Caption colour #fde047" }).click();
    await expect.poll(async () => (await canvasColor(page, top))[0]).toBeGreaterThan(plainBottom[0] + 20);
    await page.screenshot({ path: testInfo.outputPath("editor-caption.png") });

    // Length: 3 s + 5 s − one 0.5 s crossfade.
    await page.getByLabel("How long it stays").fill("5");
    await expect(page.getByTestId("total-length")).toHaveText("0:07.5");

    // Ken Burns on the gradient photo: the picture moves between two moments.
    await page.getByRole("button", { name: "Edit photo 1" }).click();
    await page.getByRole("switch", { name: "Slow zoom (Ken Burns)" }).check();
    const scrub = page.getByLabel("Position in the preview");
    const whole = { x: 0, y: 0, w: 1, h: 1 };
    await scrub.fill("0");
    const early = await pollCanvas(page, whole);
    await scrub.fill("70");
    await expect.poll(async () => distance(await canvasColor(page, whole), early)).toBeGreaterThan(5);

    // Wipe: halfway through the transition the left is the incoming photo, the right the outgoing one.
    await page.getByRole("radio", { name: "Wipe" }).check();
    await scrub.fill(String(90 - 15 + 8));
    await expect.poll(async () => nearest(await canvasColor(page, { x: 0.02, y: 0.4, w: 0.1, h: 0.2 }), PALETTE)).toBe(2);
    await expect.poll(async () => distance(await canvasColor(page, { x: 0.88, y: 0.4, w: 0.1, h: 0.2 }), BLUE)).toBeGreaterThan(100);

    // A title card over a colour opens the video and lengthens it.
    await page.getByRole("switch", { name: "Start with a title card" }).check();
    await expect(page.getByTestId("order-blocker")).toHaveText("Give the title card a title, or turn it off.");
    await page.getByLabel("Title card title").fill("Our summer");
    await page.getByLabel("Subtitle").fill("August 2026 🌊");
    await expect(page.getByTestId("total-length")).toHaveText("0:10.0");
    await scrub.fill("0");
    await expect.poll(async () => distance(await canvasColor(page, { x: 0, y: 0, w: 0.1, h: 0.1 }), [31, 41, 55])).toBeLessThan(6);
    await page.screenshot({ path: testInfo.outputPath("editor-title-card.png") });

    // The shape changes the frame the preview draws.
    await page.getByRole("radio", { name: /9:16/ }).check();
    await expect(page.getByTestId("preview-canvas")).toHaveAttribute("width", "720");
    await expect(page.getByTestId("preview-canvas")).toHaveAttribute("height", "1280");
    await page.getByRole("radio", { name: /1080p/ }).check();
    await expect(page.getByTestId("preview-canvas")).toHaveAttribute("width", "1080");

    // Play runs the timeline: the clock moves.
    await page.getByRole("button", { name: "Play preview" }).click();
    await expect(page.getByTestId("preview-time")).not.toHaveText("0:00.0");
    await page.getByRole("button", { name: "Pause preview" }).click();
    await page.screenshot({ path: testInfo.outputPath("editor-portrait.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("the focus point is set by tapping the photo or with the arrow keys, the preview crops to it, and the draft keeps it", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    // A 4:3 photo, red on its left half and blue on its right, in a 9:16 video (which keeps 42% of its width).
    const halves = Buffer.alloc(640 * 480 * 3);
    for (let i = 0; i < 640 * 480; i += 1) halves.set(i % 640 < 320 ? RED : BLUE, i * 3);
    const photo = await sharp(halves, { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
    await page.getByLabel("Add photos").setInputFiles([{ name: "halves.jpg", mimeType: "image/jpeg", buffer: photo }]);
    await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole("radio", { name: /9:16/ }).check();
    await page.getByRole("button", { name: "Edit photo 1" }).click();
    const middle = { x: 0.4, y: 0.4, w: 0.2, h: 0.2 };
    const marker = page.getByRole("button", { name: /^Focus point/ });
    await expect(marker).toHaveAccessibleName("Focus point, 50% from the left, 50% from the top");

    // A tap on the left quarter of the photo: the preview shows its red half.
    const picker = page.getByTestId("focus-picker");
    const box = (await picker.boundingBox())!;
    await picker.click({ position: { x: box.width * 0.2, y: box.height * 0.5 } });
    await expect(marker).toHaveAccessibleName(/^Focus point, 20% from the left, 50% from the top/);
    await expect.poll(async () => nearest(await canvasColor(page, middle), PALETTE)).toBe(0);
    // The arrow keys move it (Shift: 10% a step): to the right half, blue.
    await marker.focus();
    for (let i = 0; i < 6; i += 1) await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("ArrowUp");
    await expect(marker).toHaveAccessibleName(/^Focus point, 80% from the left, 48% from the top/);
    await expect(page.getByTestId("focus-position")).toHaveText("Keeps the point 80% from the left, 48% from the top in view.");
    await expect.poll(async () => nearest(await canvasColor(page, middle), PALETTE)).toBe(2);
    await page.getByRole("switch", { name: "Slow zoom (Ken Burns)" }).check();
    await page.getByRole("radio", { name: "Pan" }).check();
    await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);

    await page.reload();
    await page.getByRole("button", { name: "Edit photo 1" }).click();
    await expect(page.getByRole("button", { name: /^Focus point/ })).toHaveAccessibleName(/^Focus point, 80% from the left, 48% from the top/);
    await expect(page.getByRole("radio", { name: "Pan" })).toBeChecked();
    // Home puts it back in the middle.
    await page.getByRole("button", { name: /^Focus point/ }).focus();
    await page.keyboard.press("Home");
    await expect(page.getByTestId("focus-position")).toHaveText("Keeps the point 50% from the left, 50% from the top in view.");
    expect(errors).toEqual([]);
  });

  test("music is uploaded, plays with the preview and can be removed", async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([await jpeg("red.jpg", RED)]);
    await page.getByLabel("Add music").setInputFiles(await makeMusic(testInfo.outputPath("song.mp3")));
    await expect(page.getByTestId("music-name")).toHaveText("song.mp3");
    await expect(page.getByTestId("music-status")).toHaveText("Ready — fades out at the end of the video", { timeout: 30_000 });
    await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled({ timeout: 30_000 });
    await page.getByRole("button", { name: "Play preview" }).click();
    await expect.poll(() => page.locator("audio").evaluate((audio: HTMLAudioElement) => audio.currentTime)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Pause preview" }).click();
    await page.screenshot({ path: testInfo.outputPath("editor-music.png"), fullPage: true });

    // Not audio: refused where the music goes.
    await page.getByLabel("Choose other music").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("la la") });
    await expect(page.getByRole("alert").filter({ hasText: "Only MP3, M4A, AAC, WAV, OGG or FLAC music can be used" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
    await page.getByRole("button", { name: "Remove music" }).click();
    await expect(page.getByLabel("Add music")).toBeAttached();
    await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
    expect(errors).toEqual([]);
  });

  test("the draft is saved as you work and survives a reload and a new browser with the same cookie", async ({ page, browser }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([await jpeg("red.jpg", RED), await jpeg("blue.jpg", BLUE)]);
    await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
    await page.getByRole("button", { name: "Edit photo 2" }).click();
    await page.getByLabel("Caption", { exact: true }).fill("Bleu\nnuit 🌙");
    await page.getByRole("radio", { name: "Middle" }).check();
    await page.getByLabel("How long it stays").fill("6.5");
    await page.getByRole("radio", { name: "Slide" }).check();
    await page.getByRole("radio", { name: /1:1/ }).check();
    await page.getByLabel("Video name").fill("Weekend");
    await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);

    await page.reload();
    await expectRestored(page);
    await page.screenshot({ path: testInfo.outputPath("editor-restored.png"), fullPage: true });

    // A browser restart: a new browser context with only the cookie.
    const state = await page.context().storageState();
    const other = await browser.newContext({ storageState: { cookies: state.cookies, origins: [] } });
    const otherPage = await other.newPage();
    const otherErrors = collectErrors(otherPage);
    await otherPage.goto("/editor");
    await expectRestored(otherPage);
    // The restored photos are drawn in the preview (from storage).
    await otherPage.getByRole("button", { name: "Edit photo 1" }).click();
    await expect.poll(async () => nearest(await canvasColor(otherPage, { x: 0.1, y: 0.1, w: 0.8, h: 0.2 }), PALETTE)).toBe(0);
    await other.close();

    // The home page offers to continue.
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Continue your story" })).toBeVisible();
    await expect(page.getByText("Your story with 2 photos is saved")).toBeVisible();

    // A stranger gets an empty editor.
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto("/editor");
    await expect(strangerPage.getByLabel("Add photos")).toBeAttached();
    await expect(strangerPage.getByTestId("slide-card")).toHaveCount(0);
    await stranger.close();
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  test("a hundred photos at once: all upload, the 101st is turned away with the reason", async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    const errors = collectErrors(page);
    await page.goto("/editor");
    const files = await Promise.all(
      Array.from({ length: 101 }, async (_, i) => ({
        name: `p${String(i + 1).padStart(3, "0")}.jpg`,
        mimeType: "image/jpeg",
        buffer: await solidJpeg([(i * 37) % 256, (i * 91) % 256, (i * 53) % 256]),
      })),
    );
    await page.getByLabel("Add photos").setInputFiles(files);
    await expect(page.getByTestId("limit-notice")).toHaveText("A video holds up to 100 photos: 1 file was not added.");
    const cards = page.getByTestId("slide-card");
    await expect(cards).toHaveCount(100);
    await expect(page.getByTestId("photo-count")).toHaveText("100 of 100");
    await expect(page.getByLabel("Add photos")).toBeDisabled();
    // Never more than four uploads at once.
    const uploading = await cards.filter({ hasText: /Uploading \d+%/ }).count();
    expect(uploading).toBeLessThanOrEqual(4);
    await page.screenshot({ path: testInfo.outputPath("editor-100-uploading.png") });
    // 100 photos make 200 API calls, more than a session may make in a minute: the editor waits out the 429s by itself.
    await expect(cards.filter({ hasText: "Ready" })).toHaveCount(100, { timeout: 200_000 });
    await expect(page.getByTestId("total-length")).toHaveText("4:10.5");
    await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath("editor-100-ready.png"), fullPage: true });
    // Chromium logs the rate limit's 429 answers; nothing else may appear.
    expect(errors.filter((e) => !e.includes("status of 429"))).toEqual([]);
  });

  test("works on a phone-sized screen", async ({ browser }, testInfo) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto("/");
    await page.screenshot({ path: testInfo.outputPath("phone-home.png") });
    await page.getByRole("link", { name: "Start a new story" }).click();
    await expect(page).toHaveURL(/\/editor$/);
    await page.screenshot({ path: testInfo.outputPath("phone-editor-empty.png") });
    await page.getByLabel("Add photos").setInputFiles([await jpeg("red.jpg", RED), await jpeg("green.jpg", GREEN), await jpeg("blue.jpg", BLUE)]);
    await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
    // Nothing sticks out sideways, the preview is on the first screen, and the order button is always on screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(page.getByTestId("preview-canvas")).toBeInViewport();
    await expect(page.getByRole("button", { name: "Make my video" })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("phone-editor.png") });
    await page.getByLabel("Caption", { exact: true }).fill("On the beach");
    await expect(page.getByRole("button", { name: "Make my video" })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("phone-editor-caption.png") });
    // Tapping a photo brings its settings into view (they are below the list on a phone).
    await page.getByRole("button", { name: "Edit photo 2" }).tap();
    await expect(page.getByRole("heading", { name: "Photo 2 of 3" })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("phone-editor-photo-2.png") });
    await page.getByRole("radio", { name: /9:16/ }).check();
    await page.screenshot({ path: testInfo.outputPath("phone-editor-full.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function expectRestored(page: import("@playwright/test").Page) {
  const cards = page.getByTestId("slide-card");
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toHaveAccessibleName("Photo 1: red.jpg");
  await expect(cards.nth(1)).toHaveAccessibleName("Photo 2: blue.jpg");
  await expect(cards.filter({ hasText: "Ready" })).toHaveCount(2);
  await page.getByRole("button", { name: "Edit photo 2" }).click();
  await expect(page.getByLabel("Caption", { exact: true })).toHaveValue("Bleu\nnuit 🌙");
  await expect(page.getByRole("radio", { name: "Middle" })).toBeChecked();
  await expect(page.getByLabel("How long it stays")).toHaveValue("6.5");
  await expect(page.getByRole("radio", { name: "Slide" })).toBeChecked();
  await expect(page.getByRole("radio", { name: /1:1/ })).toBeChecked();
  await expect(page.getByLabel("Video name")).toHaveValue("Weekend");
  // 3 s + 6.5 s − 0.5 s
  await expect(page.getByTestId("total-length")).toHaveText("0:09.0");
  await expect(page.getByRole("button", { name: "Make my video" })).toBeEnabled();
}

function distance(a: Rgb, b: Rgb): number {
  return Math.sqrt(a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0));
}

async function pollCanvas(page: import("@playwright/test").Page, region: { x: number; y: number; w: number; h: number }): Promise<Rgb> {
  let last: Rgb = [0, 0, 0];
  await expect
    .poll(async () => {
      const now = await canvasColor(page, region);
      const isStable = distance(now, last) < 0.5;
      last = now;
      return isStable;
    })
    .toBe(true);
  return last;
}
