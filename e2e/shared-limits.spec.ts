import { SECOND_WEB_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

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
