import { describe, expect, it, vi } from "vitest";
import { AppError } from "../errors/app-error";

vi.mock("../session/get-session", () => ({ getSessionId: vi.fn(async () => "session-1") }));
vi.mock("../../platform/log", () => ({ log: { error: vi.fn(), warn: vi.fn(), info: vi.fn() } }));

const { adminRoute, customerRoute } = await import("./route");

const request = new Request("http://localhost/api/x", { method: "POST" });
const context = <P,>(params: P) => ({ params: Promise.resolve(params) });

describe("customerRoute", () => {
  it("hands the handler the session and the checked path ids", async () => {
    const handler = vi.fn(async (input: { sessionId: string; params: { orderId: string } }) => Response.json(input.params));
    const route = customerRoute<{ orderId: string }>({ name: "t", notFound: "No such order" }, handler);
    const response = await route(request, context({ orderId: "abc_DEF-123" }));
    expect(await response.json()).toEqual({ orderId: "abc_DEF-123" });
    expect(handler.mock.calls[0][0].sessionId).toBe("session-1");
  });

  it.each(["\u0000", "a\u0000b", "../../etc", "a b", "x".repeat(65), ""])("answers 404 to the path id %j without calling the handler", async (id) => {
    const handler = vi.fn(async () => new Response("reached"));
    const route = customerRoute<{ assetId: string }>({ name: "t", notFound: "No such upload" }, handler);
    const response = await route(request, context({ assetId: id }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No such upload" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("turns what the handler throws into the error answer, and a crash into a 500 without detail", async () => {
    const refused = customerRoute({ name: "t" }, async () => {
      throw new AppError("unsupported_media_type", "must be JSON");
    });
    expect((await refused(request)).status).toBe(415);
    const crashed = customerRoute({ name: "t" }, async () => {
      throw new Error("connection string postgres://secret@db");
    });
    const response = await crashed(request);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret");
  });
});

describe("adminRoute", () => {
  it("checks path ids too", async () => {
    const route = adminRoute<{ orderId: string }>({ name: "t", notFound: "No such order" }, async () => new Response(null, { status: 202 }));
    expect((await route(request, context({ orderId: "ok" }))).status).toBe(202);
    expect((await route(request, context({ orderId: "\u0000" }))).status).toBe(404);
  });
});
