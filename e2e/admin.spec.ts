import { E2E_ADMIN_PASSWORD } from "../playwright.config";
import { collectErrors, expect, rawRequest, solidJpeg, test, uploadViaApi } from "./fixtures";

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
  // The nonce CSP must not block the admin page's scripts (a violation is a console error).
  const errors = collectErrors(page);
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { name: "Render jobs" })).toBeVisible();
  await expect(page.getByTestId("queue-visible")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("queue-dead")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("job-row").filter({ hasText: orderId })).toContainText("Admin check");
  await page.screenshot({ path: testInfo.outputPath("admin.png"), fullPage: true });
  expect(errors).toEqual([]);

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

test("wrong admin credentials are throttled per address, and then even the right one waits", async ({ request }) => {
  // From an address of its own, so 127.0.0.1 (every other test) is not locked out.
  const from = "127.0.0.50";
  const bearer = (password: string) => ({ Authorization: `Bearer ${password}` });
  // A first visit without credentials is not a wrong guess.
  expect((await rawRequest({ from, method: "GET", path: "/api/admin/jobs" })).status).toBe(401);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i += 1) statuses.push((await rawRequest({ from, method: "GET", path: "/api/admin/jobs", headers: bearer(`guess-${i}`) })).status);
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses[10]).toBe(429);
  const right = await rawRequest({ from, method: "GET", path: "/api/admin/jobs", headers: bearer(E2E_ADMIN_PASSWORD) });
  expect(right.status).toBe(429);
  expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
  expect(JSON.parse(right.body).error).toMatchObject({ code: "rate_limited" });
  // The page too, and a made-up X-Forwarded-For does not make it another client.
  expect((await rawRequest({ from, method: "GET", path: "/admin/jobs", headers: { ...bearer(E2E_ADMIN_PASSWORD), "X-Forwarded-For": "203.0.113.1" } })).status).toBe(429);
  // Another address is not affected.
  expect((await request.get("/api/admin/jobs", { headers: bearer(E2E_ADMIN_PASSWORD) })).status()).toBe(200);
});
