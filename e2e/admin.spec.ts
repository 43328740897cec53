import { E2E_ADMIN_PASSWORD } from "../playwright.config";
import { expect, solidJpeg, test, uploadViaApi } from "./fixtures";

test("the admin list refuses visitors without the credential", async ({ request }) => {
  // (Chromium turns a 401 page into a login prompt, so the page is fetched as a request.)
  const response = await request.get("/admin/jobs");
  expect(response.status()).toBe(401);
  expect(response.headers()["www-authenticate"]).toContain("Basic");
  expect(await response.text()).not.toContain("Render jobs");
  const api = await request.get("/api/admin/jobs");
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: { code: "unauthorized", message: "Admin credentials required" } });
  const wrong = await request.get("/api/admin/jobs", { headers: { Authorization: "Bearer wrong" } });
  expect(wrong.status()).toBe(401);
});

test("with the credential the admin sees every order and the queue", async ({ browser, request }, testInfo) => {
  const assetId = await uploadViaApi(request, await solidJpeg([200, 120, 40]));
  const placed = await request.post("/api/orders", { data: { title: "Admin check", slides: [{ assetId, durationMs: 1000 }] } });
  expect(placed.status()).toBe(202);
  const { orderId } = await placed.json();

  const context = await browser.newContext({ httpCredentials: { username: "admin", password: E2E_ADMIN_PASSWORD } });
  const page = await context.newPage();
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { name: "Render jobs" })).toBeVisible();
  await expect(page.getByTestId("queue-visible")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("queue-dead")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("job-row").filter({ hasText: orderId })).toContainText("Admin check");
  await page.screenshot({ path: testInfo.outputPath("admin.png"), fullPage: true });

  const api = await context.request.get("/api/admin/jobs");
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.queue).toEqual({ visible: expect.any(Number), inFlight: expect.any(Number), deadLetter: expect.any(Number) });
  const row = body.items.find((item: { id: string }) => item.id === orderId);
  expect(row).toMatchObject({ id: orderId, title: "Admin check", slides: 1, status: expect.stringMatching(/queued|rendering|done/) });
  expect(Object.keys(row)).toEqual(
    expect.arrayContaining(["progress", "attempts", "workerHost", "createdAt", "startedAt", "finishedAt", "error"]),
  );
  await context.close();
});
