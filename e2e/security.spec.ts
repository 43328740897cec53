import { readdirSync } from "node:fs";
import path from "node:path";
import { E2E_ADMIN_PASSWORD, E2E_SESSIONS_PER_IP } from "../playwright.config";
import { expect, rawRequest, startSession, test, type RawAnswer } from "./fixtures";

// The HTTP layer against the real app (scripts/web-server.mjs in front of
// Next.js, TRUSTED_PROXY_HOPS=0): sessions, addresses, cross-site requests,
// content types, characters that cannot be stored, methods and headers.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const cookieOf = (answer: RawAnswer) => String((answer.headers["set-cookie"] as string[] | undefined)?.[0] ?? "").split(";")[0];

test("a call without a session is refused, not given a fresh one", async ({ request }) => {
  for (const [method, url] of [
    ["POST", "/api/orders"],
    ["POST", "/api/uploads"],
    ["PUT", "/api/draft"],
    ["POST", "/api/orders/abc/retry"],
    ["POST", "/api/uploads/abc/complete"],
    ["GET", "/api/orders"],
  ] as const) {
    const response = await request.fetch(url, { method, data: { slides: [] } });
    expect(response.status(), `${method} ${url}`).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "session_required", message: expect.stringMatching(/POST \/api\/session/) } });
    expect(response.headers()["set-cookie"], `${method} ${url}`).toBeUndefined();
  }
  // POST /api/session starts one; the same call then reaches the handler.
  await startSession(request);
  expect((await request.post("/api/orders", { data: { slides: [] } })).status()).toBe(422);
});

test("the editor page load starts the session a browser's calls use", async ({ request }) => {
  const page = await request.get("/editor");
  expect(page.status()).toBe(200);
  expect(page.headers()["set-cookie"]).toMatch(/rm_session=.*HttpOnly/i);
  expect((await request.get("/api/draft")).status()).toBe(200);
});

test("new sessions are limited per address, whatever X-Forwarded-For says", async () => {
  const from = "127.0.0.30";
  const statuses: number[] = [];
  for (let i = 0; i <= E2E_SESSIONS_PER_IP; i += 1) {
    // A different made-up address each time: it must not count as a new client.
    const answer = await rawRequest({ from, method: "POST", path: "/api/session", headers: { "X-Forwarded-For": `10.9.${i >> 8}.${i & 255}` } });
    statuses.push(answer.status);
    if (answer.status === 429) {
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
      expect(JSON.parse(answer.body).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/new sessions/) });
    }
  }
  expect(statuses.slice(0, E2E_SESSIONS_PER_IP).every((s) => s === 204)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
  // A page load from there is refused a session too; another address is not affected.
  expect((await rawRequest({ from, method: "GET", path: "/editor" })).status).toBe(429);
  expect((await rawRequest({ from: "127.0.0.31", method: "POST", path: "/api/session" })).status).toBe(204);
});

test("per-address order limits count the socket's address, not X-Forwarded-For", async () => {
  const from = "127.0.0.40";
  // Several sessions from one address, each under its own limit of 20, with made-up forwarding headers.
  const cookies: string[] = [];
  for (let i = 0; i < 7; i += 1) cookies.push(cookieOf(await rawRequest({ from, method: "POST", path: "/api/session" })));
  const statuses: number[] = [];
  for (let i = 0; i < 121; i += 1) {
    const answer = await rawRequest({
      from,
      method: "POST",
      path: "/api/orders",
      headers: { Cookie: cookies[i % cookies.length], "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i % 250}` },
      body: JSON.stringify({ slides: [] }),
    });
    statuses.push(answer.status);
  }
  // 120 per address and minute (7 sessions × 20 would allow 140).
  expect(statuses.slice(0, 120).every((s) => s === 422)).toBe(true);
  expect(statuses[120]).toBe(429);
});

test("state-changing calls from another site are refused", async ({ request }) => {
  await startSession(request);
  const evil = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" };
  for (const [method, url] of [
    ["POST", "/api/orders"],
    ["POST", "/api/uploads"],
    ["PUT", "/api/draft"],
    ["DELETE", "/api/draft"],
    ["POST", "/api/orders/abc/retry"],
    ["POST", "/api/uploads/abc/complete"],
    ["POST", "/api/session"],
  ] as const) {
    const response = await request.fetch(url, { method, headers: evil, data: { slides: [] } });
    expect(response.status(), `${method} ${url}`).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
  }
  // An old browser without Sec-Fetch-Site: the Origin alone decides.
  expect((await request.post("/api/orders", { headers: { Origin: "https://evil.example" }, data: { slides: [] } })).status()).toBe(403);
  const admin = await request.post("/api/admin/jobs/abc/retry", { headers: { ...evil, Authorization: `Bearer ${E2E_ADMIN_PASSWORD}` } });
  expect(admin.status()).toBe(403);
  // The site's own pages are fine, and so is reading.
  const own = await request.post("/api/orders", { headers: { Origin: `http://localhost:${PORT}`, "Sec-Fetch-Site": "same-origin" }, data: { slides: [] } });
  expect(own.status()).toBe(422);
  expect((await request.get("/api/orders", { headers: evil })).status()).toBe(200);
});

test("JSON endpoints answer 415 to a body that is not application/json", async ({ request }) => {
  await startSession(request);
  const json = JSON.stringify({ filename: "a.jpg", contentType: "image/jpeg", size: 10 });
  for (const [method, url] of [
    ["POST", "/api/uploads"],
    ["POST", "/api/orders"],
    ["PUT", "/api/draft"],
  ] as const) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const response = await request.fetch(url, { method, headers: { "Content-Type": type }, data: Buffer.from(json) });
      expect(response.status(), `${method} ${url} ${type}`).toBe(415);
      expect((await response.json()).error).toEqual({ code: "unsupported_media_type", message: expect.stringMatching(/application\/json/) });
    }
  }
});

test("characters that cannot be stored are a 4xx, never a 500", async ({ request }) => {
  await startSession(request);
  const draft = (patch: object) => ({
    title: "t",
    aspectRatio: "16:9",
    resolution: "720p",
    transition: "crossfade",
    titleCard: { enabled: false, title: "", subtitle: "", background: "color", backgroundColor: "#000000", textColor: "#ffffff", durationMs: 3000 },
    music: null,
    slides: [],
    ...patch,
  });
  const bodies: Array<[string, "POST" | "PUT", string, object, RegExp]> = [
    ["a NUL in slides[].assetId", "POST", "/api/orders", { slides: [{ assetId: "a\u0000" }] }, /slides\.0\.assetId/],
    ["a NUL in music.assetId", "POST", "/api/orders", { slides: [{ assetId: "x" }], music: { assetId: "\u0000" } }, /music\.assetId/],
    ["a NUL in a draft's title", "PUT", "/api/draft", draft({ title: "a\u0000" }), /title/],
    ["a NUL in a draft's music name", "PUT", "/api/draft", draft({ music: { assetId: "x", name: "\u0000" } }), /music\.name/],
    ["a lone surrogate in a caption", "POST", "/api/orders", { slides: [{ assetId: "x", caption: "a\ud800" }] }, /slides\.0\.caption: is not valid Unicode/],
    ["a lone surrogate in a title", "POST", "/api/orders", { title: "\udfff", slides: [{ assetId: "x" }] }, /title: is not valid Unicode/],
    ["a lone surrogate in a draft", "PUT", "/api/draft", draft({ title: "x\ud800" }), /title: is not valid Unicode/],
  ];
  for (const [name, method, url, body, message] of bodies) {
    // JSON.stringify writes a lone surrogate as the escape \ud800, which JSON.parse turns back into one.
    const response = await request.fetch(url, { method, headers: { "Content-Type": "application/json" }, data: Buffer.from(JSON.stringify(body)) });
    expect(response.status(), name).toBe(422);
    expect((await response.json()).error, name).toEqual({ code: "validation_failed", message: expect.stringMatching(message) });
  }

  const admin = { Authorization: `Bearer ${E2E_ADMIN_PASSWORD}` };
  const paths: Array<[string, string, number, Record<string, string>?]> = [
    ["GET", "/api/orders/%00", 404],
    ["POST", "/api/orders/%00/retry", 404],
    ["POST", "/api/uploads/%00/complete", 404],
    ["GET", "/orders/%00", 404],
    ["GET", "/api/orders/%C0%AF", 400],
    ["GET", "/api/orders/%ED%A0%80", 400],
    ["GET", "/%C0%AF", 400],
    ["GET", "/api/admin/jobs?cursor=%00", 422, admin],
    ["GET", "/admin/jobs?cursor=%00", 404, admin],
    ["POST", "/api/admin/jobs/%00/retry", 404, admin],
  ];
  for (const [method, url, status, headers] of paths) {
    const response = await request.fetch(url, { method, headers });
    expect(response.status(), `${method} ${url}`).toBe(status);
    expect(await response.text()).not.toMatch(/at .*\.ts:\d+|node_modules|prisma/i);
  }
});

// (TRACK never reaches the app: Node's HTTP parser answers 400 to it.)
test("TRACE and other unknown methods are 405", async ({ request }) => {
  for (const url of ["/", "/api/orders", "/editor", "/favicon.ico"]) {
    for (const method of ["TRACE", "PROPFIND"]) {
      const response = await request.fetch(url, { method });
      expect(response.status(), `${method} ${url}`).toBe(405);
      expect(response.headers()["allow"]).toContain("GET");
    }
  }
});

test("pages carry a nonce CSP without 'unsafe-inline' scripts, fresh per answer", async ({ request }) => {
  const first = await request.get("/editor");
  const second = await request.get("/editor");
  const scripts = (csp: string) => csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
  const csp = first.headers()["content-security-policy"];
  expect(scripts(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
  expect(scripts(csp)).not.toContain("unsafe-inline");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"])![1]).not.toBe(nonce);
  // Next.js put this answer's nonce on its scripts, and every script has it.
  const html = await first.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(tags.every((tag) => tag.includes(`nonce="${nonce}"`))).toBe(true);
});

test("every answer says nosniff, static files included; HSTS only over trusted https", async ({ request, playwright, baseURL }) => {
  const chunk = readdirSync(path.join(import.meta.dirname, "..", ".next", "static", "chunks")).find((name) => name.endsWith(".js"));
  for (const url of [`/_next/static/chunks/${chunk}`, "/fonts/Geist-Regular.ttf", "/favicon.ico", "/api/health", "/", "/api/session"]) {
    const response = await request.fetch(url, { method: url === "/api/session" ? "POST" : "GET" });
    expect(response.status(), url).toBeLessThan(500);
    expect(response.headers()["x-content-type-options"], url).toBe("nosniff");
  }
  // With TRUSTED_PROXY_HOPS=0 a client's own X-Forwarded-Proto is not believed: no HSTS, no Secure cookie.
  const fresh = await playwright.request.newContext({ baseURL });
  const claimed = await fresh.get("/editor", { headers: { "X-Forwarded-Proto": "https" } });
  expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
  expect(claimed.headers()["set-cookie"]).toMatch(/rm_session=/);
  expect(claimed.headers()["set-cookie"]).not.toMatch(/Secure/i);
  await fresh.dispose();
});
