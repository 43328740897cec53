import { E2E_ADMIN_PASSWORD, SECOND_WEB_PORT } from "../playwright.config";
import { expect, rawRequest, test } from "./fixtures";

// Two web processes on one database (the launcher runs one on E2E_PORT and
// one on SECOND_WEB_PORT, as the load balancer spreads customers over
// several tasks) count one customer's requests together.

test("a rate limit is shared by two web processes", async ({ playwright, baseURL }) => {
  const second = `http://localhost:${SECOND_WEB_PORT}`;
  expect(second).not.toBe(baseURL);
  const client = await playwright.request.newContext();
  try {
    // Both processes answer, as the same app: the session cookie one signs, the other accepts.
    expect((await client.get(`${second}/api/health`)).status()).toBe(200);
    await client.get(`${baseURL}/`);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const server = i % 2 ? second : baseURL;
      statuses.push((await client.post(`${server}/api/orders`, { data: { slides: [] } })).status());
    }
    // 20 orders per session a minute: 10 through each process, all counted, none refused yet.
    expect(statuses).toEqual(Array(20).fill(422));
    // Each process alone has seen 10; only a shared count refuses the 21st and 22nd.
    for (const server of [baseURL, second]) {
      const limited = await client.post(`${server}/api/orders`, { data: { slides: [] } });
      expect(limited.status()).toBe(429);
      expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    }
  } finally {
    await client.dispose();
  }
});

test("wrong admin credentials are counted across web processes", async () => {
  // From an address of its own (the admin spec locks out 127.0.0.50), five wrong guesses through each process.
  const from = "127.0.0.51";
  const ports = [Number(process.env.E2E_PORT ?? 3100), SECOND_WEB_PORT];
  const statuses: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    statuses.push((await rawRequest({ from, port: ports[i % 2], method: "GET", path: "/api/admin/jobs", headers: { Authorization: `Bearer guess-${i}` } })).status);
  }
  expect(statuses).toEqual(Array(10).fill(401));
  // Each process alone has seen 5 of the 10 allowed: only a shared count refuses the right password now, on both.
  for (const port of ports) {
    const right = await rawRequest({ from, port, method: "GET", path: "/api/admin/jobs", headers: { Authorization: `Bearer ${E2E_ADMIN_PASSWORD}` } });
    expect(right.status).toBe(429);
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
  }
});
