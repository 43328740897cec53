import type { Locator, Page, TestInfo } from "@playwright/test";
import { collectErrors, expect, solidJpeg, test, type Rgb } from "./fixtures";

// The editor on a phone (390×844, touch) and on a desktop (1280×800, mouse):
// the preview stays in view while a caption is written, hints about
// dropping files and keyboard moves show only where there is a mouse, and
// the thumbnails and the Add tile take the story's shape. Screenshots are
// attached to each test's report.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const COLORS: Rgb[] = [
  [220, 30, 30],
  [30, 200, 40],
  [30, 60, 220],
];

async function addPhotos(page: Page) {
  await page.getByLabel("Add photos").setInputFiles(await Promise.all(COLORS.map(async (color, i) => ({ name: `p${i + 1}.jpg`, mimeType: "image/jpeg", buffer: await solidJpeg(color) }))));
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, `${locator} has a box`).not.toBeNull();
  return found!;
}

/** Height over width of the thumbnails and of the dashed Add tile. */
async function tileShapes(page: Page) {
  const thumb = await box(page.getByTestId("slide-card").first().locator("img"));
  const add = await box(page.locator("[data-add-photos]"));
  return { thumb: thumb.height / thumb.width, add: add.height / add.width };
}

/** Waits until the page stops scrolling (a smooth scroll started by picking a photo). */
async function scrollSettled(page: Page) {
  await page.waitForFunction(() => new Promise<boolean>((resolve) => {
    const y = window.scrollY;
    setTimeout(() => resolve(window.scrollY === y), 150);
  }));
}

/**
 * Writes a caption as the customer does (on a phone: taps photo 2, then the
 * field) and checks that the preview and the field are both in view,
 * neither under the other nor under the order bar.
 */
async function writeCaption(page: Page, viewport: { width: number; height: number }, isPhone: boolean) {
  const caption = page.getByLabel("Caption", { exact: true });
  if (isPhone) {
    await page.getByRole("button", { name: "Edit photo 2" }).tap();
    await scrollSettled(page);
    await caption.tap();
  } else {
    await caption.click();
  }
  await page.keyboard.type("Sunrise at the harbour");
  await expect(caption).toBeFocused();
  await expect(caption).toHaveValue("Sunrise at the harbour");
  await scrollSettled(page);
  const preview = await box(page.getByTestId("preview-canvas"));
  const field = await box(caption);
  const barTop = (await box(page.locator("[data-order-bar]"))).y;
  expect(preview.y, "preview top on screen").toBeGreaterThanOrEqual(0);
  expect(preview.y + preview.height, "preview bottom on screen").toBeLessThanOrEqual(viewport.height);
  expect(field.y + field.height, "caption above the order bar").toBeLessThanOrEqual(barTop);
  // The field is not under the preview (on a phone it is below it; on a desktop beside it).
  const isBeside = field.x >= preview.x + preview.width;
  expect(isBeside || field.y >= preview.y + preview.height, "caption not covered by the preview").toBe(true);
}

/** A screenshot kept in the test's folder and attached to its report. */
async function attach(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test("on a phone the preview stays in view while a caption is written; no drop or keyboard hints on touch; thumbnails and the Add tile take the story's shape", async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto("/editor");
  expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
  await expect(page.getByText("Add the photos of your story")).toBeVisible();
  await expect(page.getByText("Drop your photos anywhere on this page")).toBeHidden();
  await attach(page, testInfo, "phone-empty");

  await addPhotos(page);
  await expect(page.getByText("or drop them here")).toBeHidden();
  await expect(page.getByText(/With the keyboard/)).toBeHidden();
  await expect(page.getByText("To change the order, press and hold a photo, then move it.")).toBeVisible();

  await page.getByRole("radio", { name: /9:16/ }).check();
  const tall = await tileShapes(page);
  expect(tall.thumb).toBeCloseTo(16 / 9, 1);
  expect(tall.add).toBeCloseTo(16 / 9, 1);
  await page.locator("[data-add-photos]").scrollIntoViewIfNeeded();
  await attach(page, testInfo, "phone-tall-tiles");

  await writeCaption(page, PHONE, true);
  await attach(page, testInfo, "phone-writing-caption");
  // The preview shows the photo being captioned, at its own frame.
  await expect(page.getByTestId("preview-time")).not.toHaveText("0:00.0");

  // Further down (the video's settings) the preview still stays, and nothing focused hides under it.
  const name = page.getByLabel("Video name");
  await name.focus();
  const preview = await box(page.getByTestId("preview-canvas"));
  const field = await box(name);
  expect(preview.y).toBeGreaterThanOrEqual(0);
  expect(field.y).toBeGreaterThanOrEqual(preview.y + preview.height);
  await attach(page, testInfo, "phone-video-name");

  await page.getByRole("radio", { name: /1:1/ }).check();
  const square = await tileShapes(page);
  expect(square.thumb).toBeCloseTo(1, 1);
  expect(square.add).toBeCloseTo(1, 1);
  expect(errors).toEqual([]);
  await context.close();
});

test("on a desktop the drop and keyboard hints show, the Add tile takes the story's shape, and the caption is written beside the preview", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize(DESKTOP);
  await page.goto("/editor");
  expect(await page.evaluate(() => matchMedia("(pointer: fine)").matches)).toBe(true);
  await expect(page.getByText("Drop your photos anywhere on this page")).toBeVisible();
  await expect(page.getByText("Add the photos of your story")).toBeHidden();

  await addPhotos(page);
  await expect(page.getByText("or drop them here")).toBeVisible();
  await expect(page.getByText(/With the keyboard/)).toBeVisible();
  await expect(page.getByText("To change the order, press and hold a photo, then move it.")).toBeHidden();

  const wide = await tileShapes(page);
  expect(wide.thumb).toBeCloseTo(9 / 16, 1);
  expect(wide.add).toBeCloseTo(9 / 16, 1);
  await page.getByRole("radio", { name: /9:16/ }).check();
  const tall = await tileShapes(page);
  expect(tall.thumb).toBeCloseTo(16 / 9, 1);
  expect(tall.add).toBeCloseTo(16 / 9, 1);
  await attach(page, testInfo, "desktop-tall-tiles", true);

  // Photo 1 is picked: its caption is written in the column beside the preview.
  await page.evaluate(() => window.scrollTo(0, 0));
  await writeCaption(page, DESKTOP, false);
  await attach(page, testInfo, "desktop-writing-caption");
  expect(errors).toEqual([]);
});
