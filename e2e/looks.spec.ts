import type { Page, TestInfo } from "@playwright/test";
import { collectErrors, expect, solidJpeg, startSession, test, type Rgb } from "./fixtures";

// Looks: caption and title fonts, and the themes that set fonts, colours,
// caption style and transition at once. The preview must draw with the face
// picked (the canvas font string each caption is drawn with is recorded),
// a theme fills in the fields, the draft keeps them, the order carries them.

const DESKTOP = { width: 1280, height: 900 };
const jpeg = async (name: string, color: Rgb) => ({ name, mimeType: "image/jpeg", buffer: await solidJpeg(color) });
const CAPTION_160 =
  "We drove all night to get to the coast and watched the sun come up over the water with coffee in paper cups, then slept on the sand until noon. Best day so far!";
/** Too long at 9:16 Large in sans, whole in the narrower condensed face (lib/server/captions/check-captions.test.ts). */
const CAPTION_240 = `${CAPTION_160} ${CAPTION_160}`.slice(0, 240).trim();

/** Records the font of every fillText on a 2D canvas (the preview's captions and titles). */
async function recordCanvasText(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __drawn: Array<{ font: string; text: string }> };
    w.__drawn = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      w.__drawn.push({ font: this.font, text: String(text) });
      if (w.__drawn.length > 400) w.__drawn.splice(0, 200);
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
}

/** The font the preview last drew a text with. */
const lastFontOf = (page: Page, text: string) =>
  page.evaluate((text) => {
    const drawn = (window as unknown as { __drawn: Array<{ font: string; text: string }> }).__drawn;
    return drawn.filter((d) => d.text === text).at(-1)?.font ?? null;
  }, text);

const radio = (page: Page, group: string, name: string) => page.getByRole("group", { name: group, exact: true }).getByRole("radio", { name, exact: true });

async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  const preview = testInfo.outputPath(`${name}-preview.png`);
  await page.getByTestId("preview-canvas").screenshot({ path: preview });
  await testInfo.attach(`${name}-preview`, { path: preview, contentType: "image/png" });
}

test("a theme fills in fonts, caption style, title colours and transition; the preview draws the picked face; the draft and the order keep it", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await recordCanvasText(page);
  await page.setViewportSize(DESKTOP);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([await jpeg("sea.jpg", [40, 110, 180]), await jpeg("sand.jpg", [190, 160, 110])]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
  await page.getByRole("button", { name: "Edit photo 1" }).click();
  await page.getByLabel("Caption", { exact: true }).fill("Sunrise over Lisbon");
  await page.getByRole("switch", { name: "Start with a title card" }).check();
  await page.getByLabel("Title card title").fill("Our summer");

  // A new story is Classic: sans, white on a box, crossfades, and the preview draws in Geist.
  await expect(page.getByRole("button", { name: /^Classic/ })).toHaveAttribute("aria-pressed", "true");
  await expect(radio(page, "Caption font", "Sans")).toBeChecked();
  await expect(radio(page, "Title card font", "Sans")).toBeChecked();
  await page.getByRole("button", { name: "Edit photo 1" }).click();
  await expect.poll(() => lastFontOf(page, "Sunrise over Lisbon")).toMatch(/px "Reelmaker Sans", "Reelmaker Arabic"/);
  await snap(page, testInfo, "looks-classic");

  // Elegant: serif everywhere, ivory with a shadow, crossfades.
  await page.getByRole("button", { name: /^Elegant/ }).click();
  await expect(page.getByRole("button", { name: /^Elegant/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: /^Classic/ })).toHaveAttribute("aria-pressed", "false");
  await expect(radio(page, "Caption font", "Serif")).toBeChecked();
  await expect(radio(page, "Caption background", "Shadow")).toBeChecked();
  await expect(radio(page, "Transition between photos", "Crossfade")).toBeChecked();
  await expect(radio(page, "Title card font", "Serif")).toBeChecked();
  await expect(page.getByLabel("Text colour")).toHaveValue("#f5deb3");
  await expect.poll(() => page.evaluate(() => document.fonts.check('bold 48px "Reelmaker Serif"'))).toBe(true);
  await expect.poll(() => lastFontOf(page, "Sunrise over Lisbon")).toMatch(/px "Reelmaker Serif", "Reelmaker Sans", "Reelmaker Arabic"/);
  await snap(page, testInfo, "looks-elegant");

  // Playful: handwritten, large yellow letters, photos slide in.
  await page.getByRole("button", { name: /^Playful/ }).click();
  await expect(radio(page, "Caption font", "Handwritten")).toBeChecked();
  await expect(radio(page, "Caption size", "Large")).toBeChecked();
  await expect(radio(page, "Transition between photos", "Slide")).toBeChecked();
  await expect(page.getByRole("button", { name: "Caption colour #fde047" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => lastFontOf(page, "Sunrise over Lisbon")).toMatch(/px "Reelmaker Handwritten", "Reelmaker Sans"/);
  await snap(page, testInfo, "looks-playful");

  // Bold: condensed, top, large, zooms; the title card is drawn in the condensed face too.
  await page.getByRole("button", { name: /^Bold/ }).click();
  await expect(radio(page, "Caption font", "Condensed")).toBeChecked();
  await expect(radio(page, "Caption position", "Top")).toBeChecked();
  await expect(radio(page, "Caption size", "Large")).toBeChecked();
  await expect(radio(page, "Caption background", "Box")).toBeChecked();
  await expect(radio(page, "Transition between photos", "Zoom")).toBeChecked();
  await expect(radio(page, "Title card font", "Condensed")).toBeChecked();
  await expect.poll(() => lastFontOf(page, "Sunrise over Lisbon")).toMatch(/px "Reelmaker Condensed", "Reelmaker Sans"/);
  await page.getByLabel("Position in the preview").fill("0");
  await expect.poll(() => lastFontOf(page, "Our summer")).toMatch(/px "Reelmaker Condensed", "Reelmaker Sans"/);
  await snap(page, testInfo, "looks-bold");

  // A field changed after the theme is the customer's: photo 2 handwritten, photo 1 stays condensed.
  await page.getByRole("button", { name: "Edit photo 2" }).click();
  await expect(radio(page, "Caption font", "Condensed")).toBeChecked();
  await page.getByLabel("Caption", { exact: true }).fill("Sandcastles");
  await radio(page, "Caption font", "Handwritten").check();
  await expect.poll(() => lastFontOf(page, "Sandcastles")).toMatch(/px "Reelmaker Handwritten", "Reelmaker Sans"/);
  await page.getByRole("button", { name: "Edit photo 1" }).click();
  await expect(radio(page, "Caption font", "Condensed")).toBeChecked();

  // A photo added later takes the theme's caption style.
  await page.getByLabel("Add photos").setInputFiles([await jpeg("pines.jpg", [40, 120, 60])]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(3, { timeout: 30_000 });
  await page.getByRole("button", { name: "Edit photo 3" }).click();
  await expect(radio(page, "Caption font", "Condensed")).toBeChecked();
  await expect(radio(page, "Caption position", "Top")).toBeChecked();

  // The draft keeps the theme and every font.
  await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);
  await page.reload();
  await expect(page.getByTestId("slide-card")).toHaveCount(3);
  await expect(page.getByRole("button", { name: /^Bold/ })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Edit photo 2" }).click();
  await expect(radio(page, "Caption font", "Handwritten")).toBeChecked();
  await expect.poll(() => lastFontOf(page, "Sandcastles")).toMatch(/px "Reelmaker Handwritten"/);
  await page.getByRole("button", { name: "Edit photo 1" }).click();
  await expect(radio(page, "Caption font", "Condensed")).toBeChecked();
  await expect(radio(page, "Title card font", "Condensed")).toBeChecked();
  await expect(radio(page, "Transition between photos", "Zoom")).toBeChecked();

  // The order carries the fields (not the theme's name), and the renderer makes the video.
  const ordered = page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname === "/api/orders");
  await page.getByRole("button", { name: "Make my video" }).click();
  const spec = (await ordered).postDataJSON();
  expect(spec.transition).toBe("zoom");
  expect(spec.titleCard).toMatchObject({ title: "Our summer", font: "condensed", backgroundColor: "#0f172a", textColor: "#facc15" });
  expect(spec.slides.map((slide: { captionStyle: { font: string } }) => slide.captionStyle.font)).toEqual(["condensed", "handwritten", "condensed"]);
  expect(JSON.stringify(spec)).not.toContain("theme");
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  expect(errors).toEqual([]);
});

test("whether a caption fits depends on its face: too long in sans, whole in condensed", async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize(DESKTOP);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles([await jpeg("sea.jpg", [40, 110, 180])]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(1, { timeout: 30_000 });
  await page.getByRole("radio", { name: /9:16/ }).check();
  await radio(page, "Caption size", "Large").check();
  await page.getByLabel("Caption", { exact: true }).fill(CAPTION_240);
  await expect(page.getByTestId("caption-too-long")).toBeVisible();
  await expect(page.getByRole("button", { name: "Make my video" })).toBeDisabled();
  await snap(page, testInfo, "fit-sans-too-long");
  await radio(page, "Caption font", "Condensed").check();
  await expect(page.getByTestId("caption-too-long")).toHaveCount(0);
  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.");
  await snap(page, testInfo, "fit-condensed-whole");
  await radio(page, "Caption font", "Serif").check();
  await expect(page.getByTestId("caption-too-long")).toBeVisible();
  expect(errors).toEqual([]);
});

test("the order API names the fonts it accepts", async ({ request }) => {
  await startSession(request);
  const refused = await request.post("/api/orders", { data: { slides: [{ assetId: "a", captionStyle: { font: "Comic Sans" } }] } });
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toEqual({
    error: { code: "validation_failed", message: 'slides.0.captionStyle.font: A font is one of "sans", "serif", "handwritten", "condensed"' },
  });
  const badTitle = await request.post("/api/orders", { data: { titleCard: { title: "Hi", font: "arial" }, slides: [{ assetId: "a" }] } });
  expect(badTitle.status()).toBe(422);
  expect((await badTitle.json()).error.message).toBe('titleCard.font: A font is one of "sans", "serif", "handwritten", "condensed"');
});
