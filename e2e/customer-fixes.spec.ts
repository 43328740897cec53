import path from "node:path";
import { GlobalFonts, createCanvas } from "@napi-rs/canvas";
import { CAPTION_FONTS, CAPTION_FONT_IDS, CAPTION_WIDTH_TOLERANCE, captionFont } from "../lib/timeline";
import { collectErrors, expect, gradientJpeg, solidJpeg, test, uploadViaApi } from "./fixtures";

// What customers told us was broken: long captions cut without warning,
// download links that die on an open page, no estimate while queued, a share
// page with no link preview or share button and a mangled file name, and
// the editor's layout and focus problems. Screenshots at 1280×800 and 390×844.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CAPTION_160 =
  "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";
const CAPTION_300 = `${CAPTION_160} ${CAPTION_160.slice(0, 139).trim()}`;
const TOO_LONG = "This caption is too long for this size and shape: shorten it or pick a smaller size.";

test("a long caption shrinks to fit; one that cannot fit is flagged on its slide and cannot be ordered", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize(DESKTOP);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([{ name: "sea.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([40, 110, 180]) }]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
  await page.getByRole("radio", { name: /9:16/ }).check();
  await page.getByRole("radio", { name: "Large" }).check();
  const caption = page.getByLabel("Caption", { exact: true });

  // 160 characters at 9:16 Large: it fits (smaller), nothing to warn about.
  await caption.fill(CAPTION_160);
  await expect(page.getByText("160/300")).toBeVisible();
  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  await expect(page.getByTestId("caption-too-long")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("caption-160-desktop.png"), fullPage: true });

  // 300 characters cannot fit even at the smallest size: said on the slide, and the order is blocked.
  await caption.fill(CAPTION_300);
  await expect(page.getByTestId("caption-too-long")).toHaveText(TOO_LONG);
  await expect(caption).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("slide-card").first()).toContainText("Caption too long");
  await expect(page.getByTestId("order-blocker")).toHaveText(`Photo 1: ${TOO_LONG}`);
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("caption-300-desktop.png"), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.getByTestId("caption-too-long").scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("caption-300-phone.png") });

  // A smaller size fits it again.
  await page.getByRole("radio", { name: "Small" }).check();
  await expect(page.getByTestId("caption-too-long")).toHaveCount(0);
  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  expect(errors).toEqual([]);
});

test("the browser and the server measure captions alike in every face, well within the renderer's tolerance", async ({ page }) => {
  // The editor decides with the browser's text engine, the order check and the renderer with Skia in
  // Node (@napi-rs/canvas); CAPTION_WIDTH_TOLERANCE must cover any difference between the two.
  for (const font of CAPTION_FONTS) GlobalFonts.registerFromPath(path.join("public", "fonts", font.file), font.family);
  const node = createCanvas(2, 2).getContext("2d");
  const texts = [CAPTION_160, "WWWWWWWWWW iiiiiiiiii", "مرحبا بالعالم، عيد ميلاد سعيد", "שלום עולם, יום הולדת שמח", "你好世界，生日快乐", "🎂🎉🌊 Maya's 30th 👨‍👩‍👧"];
  await page.goto("/editor");
  for (const [px, face] of CAPTION_FONT_IDS.flatMap((face) => [19, 35, 58, 86].map((px) => [px, face] as const))) {
    const font = captionFont(px, face);
    node.font = font;
    const inBrowser = await page.evaluate(
      async ({ font, texts }) => {
        await Promise.all(texts.map((text) => document.fonts.load(font, text)));
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.font = font;
        return texts.map((text) => ctx.measureText(text).width);
      },
      { font, texts },
    );
    texts.forEach((text, i) => {
      const inNode = node.measureText(text).width;
      expect(Math.abs(inBrowser[i] / inNode - 1), `${face} ${px}px ${text}: browser ${inBrowser[i]}, Node ${inNode}`).toBeLessThan(CAPTION_WIDTH_TOLERANCE / 3);
    });
  }
});

test("the order API refuses a caption the video would cut (422, naming the photo)", async ({ request }) => {
  const photo = await uploadViaApi(request, await solidJpeg([90, 90, 90]));
  const large = { size: "large" };
  const refused = await request.post("/api/orders", {
    data: { aspectRatio: "9:16", slides: [{ assetId: photo, caption: "Fine" }, { assetId: photo, caption: CAPTION_300, captionStyle: large }] },
  });
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toEqual({ error: { code: "validation_failed", message: `Photo 2 (slides.1.caption): ${TOO_LONG}` } });
  const accepted = await request.post("/api/orders", { data: { aspectRatio: "9:16", slides: [{ assetId: photo, caption: CAPTION_160, captionStyle: large }] } });
  expect(accepted.status()).toBe(202);
});

test("a finished video's links are app URLs that work however old the page; the share page previews and shares", async ({ page, browser }, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize(DESKTOP);
  const photo = await uploadViaApi(page.request, await solidJpeg([200, 60, 60]));
  const placed = await page.request.post("/api/orders", { data: { title: "Maya's 30th 🎂", slides: [{ assetId: photo, durationMs: 1000 }] } });
  expect(placed.status()).toBe(202);
  const { orderId } = await placed.json();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 120_000 });

  // Nothing on the page is a signed storage URL that could expire while it is open.
  const download = page.getByRole("link", { name: "Download video" });
  await expect(download).toHaveAttribute("href", `/api/orders/${orderId}/download`);
  const video = page.getByLabel("Your video");
  await expect(video).toHaveAttribute("src", `/api/orders/${orderId}/video.mp4`);
  await expect(video).toHaveAttribute("poster", `/api/orders/${orderId}/poster.jpg`);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  // Each request signs afresh: a redirect to storage, never cached.
  const redirect = await page.request.get(`/api/orders/${orderId}/download`, { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["cache-control"]).toBe("no-store");
  expect(redirect.headers().location).toMatch(/X-Amz-Signature=/);
  const downloadPromise = page.waitForEvent("download");
  await download.click();
  // The title stays readable in the file name.
  expect((await downloadPromise).suggestedFilename()).toBe("Mayas-30th.mp4");
  await page.screenshot({ path: testInfo.outputPath("order-done-desktop.png"), fullPage: true });

  const shareUrl = await page.getByLabel("Share link").inputValue();
  const token = shareUrl.split("/share/")[1];
  const stranger = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  // Chromium here has no Web Share: stand in for the phone's share sheet and record what it is given.
  await stranger.addInitScript(() => {
    const w = window as unknown as { __shared: unknown[] };
    w.__shared = [];
    Object.defineProperty(navigator, "share", { value: async (data: unknown) => void w.__shared.push(data), configurable: true });
  });
  // Another customer's files are not reachable through the owner's URLs: without a session (401), nor with one of their own (404).
  expect((await stranger.request.get(`/api/orders/${orderId}/download`, { maxRedirects: 0 })).status()).toBe(401);
  // A share link's files need no session (a link preview's crawler has no cookie).
  const cookielessPoster = await stranger.request.get(`/api/share/${token}/poster.jpg`);
  expect(cookielessPoster.status()).toBe(200);
  expect(cookielessPoster.headers()["content-type"]).toBe("image/jpeg");
  expect((await stranger.request.post("/api/session")).ok()).toBe(true);
  for (const media of ["download", "video.mp4", "poster.jpg"]) {
    expect((await stranger.request.get(`/api/orders/${orderId}/${media}`, { maxRedirects: 0 })).status()).toBe(404);
  }
  const strangerPage = await stranger.newPage();
  const strangerErrors = collectErrors(strangerPage);
  await strangerPage.goto(shareUrl);
  await expect(strangerPage).toHaveTitle("Maya's 30th 🎂 · Reelmaker");
  const meta = (property: string) => strangerPage.locator(`meta[property="${property}"]`).first().getAttribute("content");
  expect(await meta("og:title")).toBe("Maya's 30th 🎂");
  const origin = new URL(shareUrl).origin;
  expect(await meta("og:image")).toBe(`${origin}/api/share/${token}/poster.jpg`);
  expect(await meta("og:video")).toBe(`${origin}/api/share/${token}/video.mp4`);
  expect(await meta("og:video:width")).toBe("1280");
  // The preview's picture is the real poster, for anyone.
  const poster = await stranger.request.get((await meta("og:image"))!);
  expect(poster.status()).toBe(200);
  expect(poster.headers()["content-type"]).toBe("image/jpeg");
  await expect(strangerPage.locator("video")).toHaveAttribute("src", `/api/share/${token}/video.mp4`);
  await expect(strangerPage.getByRole("link", { name: "Download video" })).toHaveAttribute("href", `/api/share/${token}/download`);
  await strangerPage.getByRole("button", { name: "Share" }).click();
  expect(await strangerPage.evaluate(() => (window as unknown as { __shared: unknown[] }).__shared)).toEqual([{ title: "Maya's 30th 🎂", url: shareUrl }]);
  await strangerPage.screenshot({ path: testInfo.outputPath("shared-phone.png"), fullPage: true });
  // A forged token reaches no file.
  expect((await stranger.request.get(`/api/share/${token.slice(0, -3)}AAA/video.mp4`, { maxRedirects: 0 })).status()).toBe(404);
  expect(strangerErrors).toEqual([]);
  await stranger.close();
  expect(errors).toEqual([]);
});

test("while queued, the order page estimates when the video will be ready", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize(PHONE);
  const slow = await uploadViaApi(page.request, await gradientJpeg());
  const slowSpec = { slides: [{ assetId: slow, durationMs: 6000, kenBurns: true }, { assetId: slow, durationMs: 6000, kenBurns: true }] };
  for (const title of ["Ahead A", "Ahead B"]) expect((await page.request.post("/api/orders", { data: { ...slowSpec, title } })).status()).toBe(202);
  const placed = await page.request.post("/api/orders", { data: { ...slowSpec, title: "Mine" } });
  const { orderId } = await placed.json();
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "queued");
  await expect(page.getByTestId("queue-estimate")).toHaveText(/^Ready in (a few seconds|about \d+ seconds|about a minute|about \d+ minutes)( \(it starts in .+\))?\.$/, { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath("order-queued-phone.png"), fullPage: true });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 170_000 });
  expect(errors).toEqual([]);
});

test.describe("editor layout and focus", () => {
  test("at 1280×800 the first action is above the fold, and the order bar never hides the focused control", async ({ page }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/editor");
    const add = page.getByText("Add photos", { exact: true });
    await expect(add).toBeVisible();
    const box = (await add.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height);
    await page.screenshot({ path: testInfo.outputPath("editor-empty-desktop.png") });

    await page.getByLabel("Add photos").setInputFiles([{ name: "a.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([30, 200, 40]) }]);
    await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
    const bar = page.locator("[data-order-bar]");
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      for (const control of [page.getByRole("button", { name: "Remove photo 1" }), page.getByLabel("Video name"), page.getByRole("switch", { name: "Slow zoom (Ken Burns)" })]) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await control.focus();
        const barTop = (await bar.boundingBox())!.y;
        const focused = (await control.boundingBox())!;
        expect(focused.y + focused.height, `${await control.evaluate((e) => e.outerHTML.slice(0, 60))} at ${viewport.width}px`).toBeLessThanOrEqual(barTop);
      }
    }
    await page.screenshot({ path: testInfo.outputPath("editor-focus-phone.png") });
  });

  test("thumbnails take the story's shape; a removed photo gives focus to the next and can be put back", async ({ page }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    await page.goto("/editor");
    await page.getByLabel("Add photos").setInputFiles([
      { name: "one.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([220, 30, 30]) },
      { name: "two.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([30, 60, 220]) },
    ]);
    const cards = page.getByTestId("slide-card");
    await expect(cards.filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
    await page.getByRole("radio", { name: /9:16/ }).check();
    const thumb = (await cards.first().locator("img").boundingBox())!;
    expect(thumb.height / thumb.width).toBeCloseTo(16 / 9, 1);
    await page.screenshot({ path: testInfo.outputPath("editor-tall-desktop.png"), fullPage: true });

    await page.getByRole("button", { name: "Remove photo 1" }).click();
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toHaveAccessibleName("Photo 1: two.jpg");
    await expect(page.getByRole("button", { name: "Edit photo 1" })).toBeFocused();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(cards).toHaveCount(2);
    await expect(cards.first()).toHaveAccessibleName("Photo 1: one.jpg");
    await expect(page.getByRole("button", { name: "Edit photo 1" })).toBeFocused();
    await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  });
});
