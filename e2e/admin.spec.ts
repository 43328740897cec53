import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import type { AdminStats } from "../lib/contracts/admin";
import { E2E_ADMIN_PASSWORD, E2E_METRICS_TOKEN } from "../playwright.config";
import { WINDOW_SECONDS, formatCount, formatPerMinute, formatSeconds, formatUsd } from "../components/admin/format";
import { collectErrors, expect, gradientJpeg, rawRequest, solidJpeg, test, uploadViaApi } from "./fixtures";

// The operator's console in chromium: live without a reload, figures equal
// to the API's, search, the job detail, refused actions, and the customer's
// cancel on the order page.

const asAdmin = { httpCredentials: { username: "admin", password: E2E_ADMIN_PASSWORD } };

test("the admin area refuses visitors without the credential", async ({ request }) => {
  // (Chromium turns a 401 page into a login prompt, so the page is fetched as a request.)
  const response = await request.get("/admin/jobs");
  expect(response.status()).toBe(401);
  expect(response.headers()["www-authenticate"]).toContain("Basic");
  expect(await response.text()).not.toContain("Render jobs");
  for (const path of ["/api/admin/jobs", "/api/admin/stats", "/api/admin/workers"]) {
    const api = await request.get(path);
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthorized", message: "Admin credentials required" } });
  }
  for (const path of ["/api/admin/jobs/retry-failed", "/api/admin/dead-letters/redrive", "/api/admin/jobs/x/cancel"]) {
    expect((await request.post(path)).status()).toBe(401);
  }
  expect((await request.get("/api/admin/jobs", { headers: { Authorization: "Bearer wrong" } })).status()).toBe(401);
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { Authorization: "Bearer wrong" } })).status()).toBe(401);
  // A scraper with the metrics token and no cookie (no session) gets the exposition.
  const scraped = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  expect(await scraped.text()).toMatch(/^# HELP /m);
});

/** The headline figures as the page must show them for `stats`. */
function expectedHeadline(stats: AdminStats): Record<string, string> {
  const r = stats.renderSeconds;
  return {
    "fig-throughput": formatPerMinute(stats.orders.done, WINDOW_SECONDS[stats.window]),
    "fig-orders": `${stats.orders.done} / ${stats.orders.failed} / ${stats.orders.canceled}`,
    "fig-received": String(stats.orders.received),
    "fig-render-min-avg": r ? `${formatSeconds(r.min)} / ${formatSeconds(r.avg)}` : "—",
    "fig-render-p95-max": r ? `${formatSeconds(r.p95)} / ${formatSeconds(r.max)}` : "—",
    "fig-queue-wait": stats.queueWaitSeconds ? `${formatSeconds(stats.queueWaitSeconds.p50)} / ${formatSeconds(stats.queueWaitSeconds.p95)}` : "—",
    "fig-oldest": formatSeconds(stats.oldestWaitingSeconds),
    "queue-visible": formatCount(stats.queue?.visible),
    "queue-inflight": formatCount(stats.queue?.inFlight),
    "queue-dead": formatCount(stats.queue?.deadLetter),
    "fig-workers": `${stats.fleet.running} / ${stats.fleet.desired ?? "—"}`,
    "fig-cost": formatUsd(stats.costPerVideoUsd),
  };
}

async function readHeadline(page: Page, ids: string[]) {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, (await page.getByTestId(id).textContent()) ?? ""])));
}

async function placeOrder(request: APIRequestContext, title: string, slides: number, seconds: number, kenBurns = false) {
  const assetId = await uploadViaApi(request, kenBurns ? await gradientJpeg() : await solidJpeg([200, 120, 40]));
  const placed = await request.post("/api/orders", {
    data: { title, resolution: "720p", slides: Array.from({ length: slides }, () => ({ assetId, durationMs: seconds * 1000, kenBurns })) },
  });
  expect(placed.status()).toBe(202);
  return ((await placed.json()) as { orderId: string }).orderId;
}

test("the console follows a render live, its figures match the API, and jobs can be searched and opened", async ({ browser }, testInfo) => {
  const context = await browser.newContext(asAdmin);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { name: "Operator console" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Render jobs" })).toBeVisible();
  await expect(page.getByTestId("chart")).toHaveCount(3);
  await expect(page.locator("[data-testid=chart] canvas")).toHaveCount(3);
  // A marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { consoleMarker: number }).consoleMarker = 42));
  // Orders earlier spec files placed may still be rendering: let them finish first, so "one more done" is ours.
  const unfinished = async () => {
    const counts = await Promise.all(["queued", "rendering"].map(async (status) => (await (await context.request.get(`/api/admin/jobs?status=${status}`)).json()).items.length as number));
    return counts[0] + counts[1];
  };
  await expect.poll(unfinished, { timeout: 120_000 }).toBe(0);
  const doneNow = ((await (await context.request.get("/api/admin/stats?window=1h")).json()) as AdminStats).orders.done;
  await expect(page.getByTestId("fig-orders")).toHaveText(new RegExp(`^${doneNow} / `));
  const doneBefore = doneNow;
  const charts = page.getByTestId("chart");
  const sums = async (index: number) => JSON.parse((await charts.nth(index).getAttribute("data-sums")) ?? "[]") as number[];
  const doneSumBefore = (await sums(0))[0];
  const samplesBefore = Number(await charts.nth(2).getAttribute("data-points"));

  const orderId = await placeOrder(context.request, "Live console", 2, 6, true);
  const row = page.getByTestId("job-row").filter({ hasText: orderId });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("job-progress")).toHaveText(/^\d+%$/, { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath("console-rendering.png"), fullPage: true });
  await expect(page.getByTestId("worker-row").filter({ hasText: orderId })).toContainText("rendering");
  await expect(row).toContainText("done", { timeout: 120_000 });
  await expect(page.getByTestId("fig-orders")).toHaveText(new RegExp(`^${doneBefore + 1} / `));
  // The charts moved too: one more video done per minute, a render time, and more fleet samples (one per 15 s).
  await expect.poll(async () => (await sums(0))[0]).toBeCloseTo(doneSumBefore + 1, 2);
  await expect.poll(async () => (await sums(1))[1]).toBeGreaterThan(0);
  await expect.poll(async () => Number(await charts.nth(2).getAttribute("data-points")), { timeout: 30_000 }).toBeGreaterThan(samplesBefore);
  expect(await page.evaluate(() => (window as unknown as { consoleMarker?: number }).consoleMarker)).toBe(42);

  // Every headline figure equals the API's, formatted (retried: the service is live).
  const ids = Object.keys(expectedHeadline((await (await context.request.get("/api/admin/stats?window=1h")).json()) as AdminStats));
  await expect
    .poll(async () => {
      const stats = (await (await context.request.get("/api/admin/stats?window=1h")).json()) as AdminStats;
      const shown = await readHeadline(page, ids);
      return JSON.stringify(shown) === JSON.stringify(expectedHeadline(stats)) ? "equal" : JSON.stringify({ shown, api: expectedHeadline(stats) });
    }, { timeout: 20_000 })
    .toBe("equal");
  const stats = (await (await context.request.get("/api/admin/stats?window=1h")).json()) as AdminStats;
  expect(stats.renderSeconds?.max).toBeGreaterThan(0);
  expect(stats.cpuSecondsPerVideo).toBeGreaterThan(0);
  expect(stats.costPerVideoUsd).toBeGreaterThan(0);
  expect(stats.perMinute.at(-1)?.done ?? 0).toBeGreaterThanOrEqual(0);
  expect(stats.perMinute.reduce((sum, p) => sum + p.done, 0)).toBe(stats.orders.done);

  // WCAG 2.1 AA, the page and the open detail alike; then the detail opens from the keyboard.
  const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const violations = async () => (await new AxeBuilder({ page }).withTags(wcag).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(await violations()).toEqual([]);
  await page.getByRole("button", { name: orderId, exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("job-detail")).toBeVisible();
  await expect(page.getByRole("button", { name: "Close" })).toBeFocused();
  expect(await violations()).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("job-detail")).toBeHidden();

  // Search by title (among other jobs), by text that matches nothing, by an id prefix.
  // (Other spec files' orders may be listed too: count from what is there.)
  const listed = await page.getByTestId("job-row").count();
  await placeOrder(context.request, "Another job", 1, 1);
  await expect(page.getByTestId("job-row")).toHaveCount(listed + 1);
  await page.getByLabel("Search jobs").fill("live cons");
  await expect(page.getByTestId("job-row")).toHaveCount(1);
  await expect(page.getByTestId("job-row")).toContainText(orderId);
  await page.getByLabel("Search jobs").fill("no order has this text");
  await expect(page.getByTestId("job-row")).toHaveCount(0);
  await page.getByLabel("Search jobs").fill(orderId.slice(0, 12));
  await expect(page.getByTestId("job-row")).toHaveCount(1);

  // The detail: spec summary, timings, attempts, links.
  await page.getByRole("button", { name: orderId, exact: true }).click();
  const detail = page.getByTestId("job-detail");
  await expect(detail.getByRole("heading", { name: "Live console" })).toBeVisible();
  await expect(detail.getByTestId("detail-status")).toHaveText("done");
  await expect(detail.getByTestId("detail-slides")).toHaveText("2 (2 Ken Burns)");
  const job = await (await context.request.get(`/api/admin/jobs/${orderId}`)).json();
  await expect(detail.getByTestId("detail-render")).toHaveText(formatSeconds(job.figures.renderMs / 1000));
  await expect(detail.getByTestId("detail-cpu")).toHaveText(formatSeconds(job.figures.cpuSeconds));
  await expect(detail.getByTestId("attempt-row")).toHaveCount(1);
  await expect(detail.getByTestId("attempt-row")).toContainText(job.attempts[0].host);
  await expect(detail.getByTestId("attempt-row")).toContainText("done");
  await expect(detail.getByRole("link", { name: "Video" })).toHaveAttribute("href", /video\.mp4/);
  await expect(detail.getByRole("link", { name: "Poster" })).toHaveAttribute("href", /poster\.jpg/);
  await page.screenshot({ path: testInfo.outputPath("console-detail.png"), fullPage: true });

  // A cancel of a finished job asks first, then shows the server's refusal.
  page.once("dialog", (dialog) => void dialog.accept());
  await detail.getByRole("button", { name: `Cancel ${orderId}` }).click();
  await expect(page.getByTestId("console-notice")).toHaveText("Refused: Only a queued or rendering order can be canceled; this one is done");
  page.once("dialog", (dialog) => void dialog.accept());
  await detail.getByRole("button", { name: `Retry ${orderId}` }).click();
  await expect(page.getByTestId("console-notice")).toHaveText("Refused: Only failed or canceled orders can be retried; this one is done");
  // Dismissing the confirmation sends nothing.
  const posts: string[] = [];
  page.on("request", (request) => request.method() === "POST" && posts.push(request.url()));
  const asked = page.waitForEvent("dialog");
  page.once("dialog", (dialog) => void dialog.dismiss());
  await detail.getByRole("button", { name: `Cancel ${orderId}` }).click();
  await asked;
  await expect(detail.getByTestId("detail-status")).toHaveText("done");
  expect(posts).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(detail).toBeHidden();

  // Bulk actions say what they did.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Redrive dead letters" }).click();
  await expect(page.getByTestId("console-notice")).toHaveText(/^\d+ dead letters? moved back; \d+ orders? queued again\.$/);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Retry all failed" }).click();
  await expect(page.getByTestId("console-notice")).toHaveText(/^\d+ failed orders? queued again\.$/);

  const metrics = await context.request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  expect(await metrics.text()).toMatch(/^reelmaker_render_seconds_count [1-9]\d*$/m);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Search jobs").fill("");
  // Nothing wider than a phone (wide tables scroll inside their own box, screen-reader-only text included).
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("console-phone.png"), fullPage: true });
  // Chromium logs every non-2xx fetch; the two refused actions are the only ones, and no script failed.
  const refused = "Failed to load resource: the server responded with a status of 409 (Conflict)";
  expect(errors).toEqual([refused, refused]);
  await context.close();
});

test("a customer cancels a rendering order from its page, and the operator sees it canceled", async ({ page, browser }, testInfo) => {
  const errors = collectErrors(page);
  const orderId = await placeOrder(page.request, "Changed my mind", 3, 8, true);
  await page.goto(`/orders/${orderId}`);
  const status = page.getByTestId("order-status");
  await expect(status).toHaveAttribute("data-status", "rendering", { timeout: 120_000 });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(status).toHaveAttribute("data-status", "canceled");
  await expect(status).toHaveText("This order was canceled");
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("order-canceled.png"), fullPage: true });
  // Another session cannot cancel it (nor see it).
  const stranger = await browser.newContext();
  expect((await stranger.request.post(`/api/orders/${orderId}/cancel`)).status()).toBe(401); // no session at all
  expect((await stranger.request.post("/api/session")).ok()).toBe(true);
  expect((await stranger.request.post(`/api/orders/${orderId}/cancel`)).status()).toBe(404); // a session of its own
  await stranger.close();
  expect((await page.request.post(`/api/orders/${orderId}/cancel`)).status()).toBe(409);

  const admin = await browser.newContext(asAdmin);
  await expect
    .poll(async () => {
      const job = await (await admin.request.get(`/api/admin/jobs/${orderId}`)).json();
      return job.attempts.map((a: { outcome: string | null }) => a.outcome).join(",");
    }, { timeout: 15_000 })
    .toBe("canceled");
  await admin.close();
  expect(errors).toEqual([]);
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
