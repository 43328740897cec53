import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../../lib/platform/log";
import { NO_TASK_PROTECTION, createTaskProtection } from "./task-protection";

// Against a real HTTP server standing in for the ECS agent's endpoint.
type Seen = { method?: string; url?: string; type?: string; body: unknown };

async function startAgent(answer: (res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body: JSON.parse(raw || "null") });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { uri: `http://127.0.0.1:${port}/api/task-id`, seen, close };
}

afterEach(() => vi.restoreAllMocks());

describe("createTaskProtection", () => {
  it("does nothing outside ECS", () => {
    expect(createTaskProtection({})).toBe(NO_TASK_PROTECTION);
  });

  it("protects the task for the given minutes, then lifts the protection", async () => {
    const agent = await startAgent((res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{"protection":{"ProtectionEnabled":true}}'));
    try {
      const protection = createTaskProtection({ agentUri: agent.uri, expiresInMinutes: 45 });
      await protection.set(true);
      await protection.set(false);
      expect(agent.seen).toEqual([
        { method: "PUT", url: "/api/task-id/task-protection/v1/state", type: "application/json", body: { ProtectionEnabled: true, ExpiresInMinutes: 45 } },
        { method: "PUT", url: "/api/task-id/task-protection/v1/state", type: "application/json", body: { ProtectionEnabled: false } },
      ]);
    } finally {
      await agent.close();
    }
  });

  it("logs and carries on when the agent refuses or does not answer", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const refusing = await startAgent((res) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"error":{"Code":"AccessDeniedException","Message":"not allowed"}}'),
    );
    const silent = await startAgent(() => undefined);
    try {
      await expect(createTaskProtection({ agentUri: refusing.uri }).set(true)).resolves.toBeUndefined();
      await expect(createTaskProtection({ agentUri: silent.uri, timeoutMs: 200 }).set(true)).resolves.toBeUndefined();
      await expect(createTaskProtection({ agentUri: "http://127.0.0.1:9" }).set(false)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(3);
      expect(String((warn.mock.calls[0][0] as { err: Error }).err.message)).toContain("AccessDeniedException");
    } finally {
      await refusing.close();
      await silent.close();
    }
  });
});
