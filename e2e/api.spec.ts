import { expect, solidJpeg, startSession, test, uploadViaApi } from "./fixtures";

// Bad input over HTTP: a fitting 4xx with {error:{code,message}}, never a stack trace.
const cases: { name: string; path: string; body: string; status: number; code: string; message: RegExp }[] = [
  { name: "malformed JSON", path: "/api/uploads", body: "{not json", status: 400, code: "bad_request", message: /not valid JSON/ },
  { name: "empty body", path: "/api/orders", body: "", status: 400, code: "bad_request", message: /must be JSON/ },
  { name: "SVG upload", path: "/api/uploads", body: JSON.stringify({ filename: "a.svg", contentType: "image/svg+xml", size: 10 }), status: 422, code: "validation_failed", message: /JPEG, PNG and WebP/ },
  { name: "too large upload", path: "/api/uploads", body: JSON.stringify({ filename: "a.jpg", contentType: "image/jpeg", size: 30_000_000 }), status: 422, code: "validation_failed", message: /at most 25 MB/ },
  { name: "empty file", path: "/api/uploads", body: JSON.stringify({ filename: "a.jpg", contentType: "image/jpeg", size: 0 }), status: 422, code: "validation_failed", message: /empty/ },
  { name: "empty order", path: "/api/orders", body: JSON.stringify({ slides: [] }), status: 422, code: "validation_failed", message: /at least one photo/ },
  { name: "unknown field", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x" }], colour: "red" }), status: 422, code: "validation_failed", message: /colour|Unrecognized/i },
  { name: "unknown photo", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "does-not-exist" }] }), status: 422, code: "validation_failed", message: /no such photo/ },
  { name: "negative duration", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", durationMs: -5 }] }), status: 422, code: "validation_failed", message: /at least 1000 ms/ },
  { name: "huge duration", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", durationMs: 1e12 }] }), status: 422, code: "validation_failed", message: /at most 10000 ms/ },
  { name: "1000 slides", path: "/api/orders", body: JSON.stringify({ slides: Array.from({ length: 1000 }, () => ({ assetId: "x" })) }), status: 422, code: "validation_failed", message: /at most 100 photos/ },
  { name: "a 5000-character caption", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", caption: "a".repeat(5000) }] }), status: 422, code: "validation_failed", message: /at most 300 characters/ },
  { name: "a caption with a NUL byte", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", caption: "a\u0000b" }] }), status: 422, code: "validation_failed", message: /control characters/ },
  { name: "a 2 MB order body", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", caption: "a".repeat(2_000_000) }] }), status: 413, code: "payload_too_large", message: /at most 512 KB/ },
  { name: "music that is not music", path: "/api/uploads", body: JSON.stringify({ filename: "a.mid", contentType: "audio/midi", size: 10 }), status: 422, code: "validation_failed", message: /MP3, M4A, AAC, WAV, OGG and FLAC/ },
  { name: "a caption colour that is not a colour", path: "/api/orders", body: JSON.stringify({ slides: [{ assetId: "x", captionStyle: { color: "red;x" } }] }), status: 422, code: "validation_failed", message: /#rrggbb/ },
  { name: "an unknown transition", path: "/api/orders", body: JSON.stringify({ transition: "spin", slides: [{ assetId: "x" }] }), status: 422, code: "validation_failed", message: /transition|Invalid option/i },
  { name: "a path-traversal asset id", path: "/api/uploads/..%2F..%2Fetc/complete", body: "", status: 404, code: "not_found", message: /No such upload/ },
];

for (const c of cases) {
  test(`refuses ${c.name}`, async ({ request }) => {
    await startSession(request);
    const response = await request.post(c.path, { headers: { "Content-Type": "application/json" }, data: Buffer.from(c.body) });
    expect(response.status()).toBe(c.status);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe(c.code);
    expect(body.error.message).toMatch(c.message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });
}

test("unknown orders and other sessions' orders are 404", async ({ playwright, request, baseURL }) => {
  await startSession(request);
  expect((await request.get("/api/orders/nope")).status()).toBe(404);
  const assetId = await uploadViaApi(request, await solidJpeg([10, 200, 10]));
  const placed = await request.post("/api/orders", { data: { slides: [{ assetId, durationMs: 1000 }] }, headers: { "Idempotency-Key": "api-spec-1" } });
  expect(placed.status()).toBe(202);
  const { orderId, statusUrl } = await placed.json();
  expect(statusUrl).toBe(`/api/orders/${orderId}`);
  const again = await request.post("/api/orders", { data: { slides: [{ assetId, durationMs: 1000 }] }, headers: { "Idempotency-Key": "api-spec-1" } });
  expect((await again.json()).orderId).toBe(orderId);

  const mine = await request.get(statusUrl);
  expect(mine.status()).toBe(200);
  expect(await mine.json()).toMatchObject({ id: orderId, status: expect.stringMatching(/queued|rendering|done/), attempts: expect.any(Number) });

  const stranger = await playwright.request.newContext({ baseURL });
  await startSession(stranger);
  expect((await stranger.get(statusUrl)).status()).toBe(404);
  // Someone else's photo cannot be used either.
  const theft = await stranger.post("/api/orders", { data: { slides: [{ assetId }] } });
  expect(theft.status()).toBe(422);
  await stranger.dispose();

  // A forged session cookie is no session: the API refuses it (a page load would start a new, empty one).
  const forger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Cookie: "rm_session=AAAAAAAAAAAAAAAAAAAAAA.forged" } });
  const forged = await forger.get(statusUrl);
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("session_required");
  expect(forged.headers()["set-cookie"]).toBeUndefined();
  await forger.dispose();
});

test("pages and API answers carry the security headers", async ({ request }) => {
  await startSession(request);
  for (const path of ["/", "/api/orders/nope"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Uploads and playback go to the configured S3 endpoint, so the CSP names it.
    expect(headers["content-security-policy"]).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});

test("ordering too fast gets a clear 429", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL });
  await client.get("/"); // gets a session cookie
  const statuses: number[] = [];
  for (let i = 0; i < 21; i += 1) {
    statuses.push((await client.post("/api/orders", { data: { slides: [] } })).status());
  }
  expect(statuses.slice(0, 20).every((s) => s === 422)).toBe(true);
  const limited = await client.post("/api/orders", { data: { slides: [] } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many requests/) });
  // Another customer is not affected.
  const other = await playwright.request.newContext({ baseURL });
  await other.get("/");
  expect((await other.post("/api/orders", { data: { slides: [] } })).status()).toBe(422);
  await client.dispose();
  await other.dispose();
});
