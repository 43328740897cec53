import AxeBuilder from "@axe-core/playwright";
import { collectErrors, expect, solidJpeg, test, uploadViaApi } from "./fixtures";

// Every customer page passes axe's WCAG 2.1 A/AA rules (labels, names,
// colour contrast, landmarks), and the editor can be used from the keyboard
// alone with a visible focus ring.

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: import("@playwright/test").Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const summary = result.violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(summary).toEqual([]);
}

test("the customer's pages pass the WCAG 2.1 AA checks", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/");
  await expectNoViolations(page, "home");

  await page.goto("/editor");
  await expect(page.getByLabel("Add photos")).toBeAttached();
  await expectNoViolations(page, "empty editor");
  await page.getByLabel("Add photos").setInputFiles([
    { name: "a.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([200, 40, 40]) },
    { name: "b.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([40, 40, 200]) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("x") },
  ]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });
  await page.getByRole("switch", { name: "Start with a title card" }).check();
  await expectNoViolations(page, "editor with photos");

  const photo = await uploadViaApi(page.request, await solidJpeg([10, 120, 60]));
  const placed = await page.request.post("/api/orders", { data: { title: "Checked", slides: [{ assetId: photo, durationMs: 1000 }] } });
  const { orderId } = await placed.json();
  await page.goto(`/orders/${orderId}`);
  await expectNoViolations(page, "order page");
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  await expectNoViolations(page, "finished order page");

  await page.goto("/videos");
  await expectNoViolations(page, "my videos");
  expect(errors).toEqual([]);
});

test("the editor works from the keyboard alone, with visible focus", async ({ page }) => {
  await page.goto("/");
  // Skip link first, then the header links, then the main call to action.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const start = page.getByRole("link", { name: "Start a new story" });
  await start.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/editor$/);

  // The file picker opens from the keyboard.
  await expect(page.getByLabel("Add photos")).toBeAttached();
  await page.getByLabel("Add photos").focus();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await chooser).setFiles([
    { name: "one.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([200, 40, 40]) },
    { name: "two.jpg", mimeType: "image/jpeg", buffer: await solidJpeg([40, 40, 200]) },
  ]);
  await expect(page.getByTestId("slide-card").filter({ hasText: "Ready" })).toHaveCount(2, { timeout: 30_000 });

  // Pick photo 2 and write its caption without the mouse.
  await page.getByRole("button", { name: "Edit photo 2" }).focus();
  await expectFocusRing(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Photo 2 of 2" })).toBeVisible();
  await page.getByLabel("Caption", { exact: true }).focus();
  await page.keyboard.type("Typed from the keyboard");
  // Radio groups move with the arrow keys.
  await page.getByRole("radio", { name: "Bottom" }).focus();
  await expectFocusRing(page);
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("radio", { name: "Middle" })).toBeChecked();
  // The Ken Burns switch toggles with Space.
  await page.getByRole("switch", { name: "Slow zoom (Ken Burns)" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("switch", { name: "Slow zoom (Ken Burns)" })).toBeChecked();
  // Remove photo 1 with Enter.
  await page.getByRole("button", { name: "Remove photo 1" }).focus();
  await expectFocusRing(page);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("slide-card")).toHaveCount(1);
  // Play the preview with Space, order with Enter.
  await page.getByRole("button", { name: "Play preview" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: "Pause preview" })).toBeVisible();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Make my video" }).focus();
  await expectFocusRing(page);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/orders\//);
});

/** The focused element shows a ring (box-shadow) or an outline. */
async function expectFocusRing(page: import("@playwright/test").Page) {
  const style = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    // A visually hidden radio shows its ring on its label.
    const shown = element.matches("input[type=radio]") ? element.closest("label")! : element;
    const css = getComputedStyle(shown);
    return { boxShadow: css.boxShadow, outline: css.outlineStyle };
  });
  expect(style.boxShadow !== "none" || style.outline !== "none").toBe(true);
}
