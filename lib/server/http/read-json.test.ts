import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { readJson } from "./handle-api-error";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readJson", () => {
  it("parses a JSON body", async () => {
    await expect(readJson(post(JSON.stringify({ a: [1, "é"] })))).resolves.toEqual({ a: [1, "é"] });
  });

  it("refuses an empty body and malformed JSON with 400", async () => {
    expect((await errorOf(readJson(post(null)))).code).toBe("bad_request");
    expect((await errorOf(readJson(post("  ")))).code).toBe("bad_request");
    expect((await errorOf(readJson(post("{nope")))).message).toMatch(/not valid JSON/);
  });

  it("refuses a body over the limit by its Content-Length without reading it", async () => {
    const error = await errorOf(readJson(post("{}", { "content-length": String(10 * 1024 * 1024) }), 1024));
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toMatch(/at most 1 KB/);
  });

  it("stops reading a streamed body once it passes the limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(512).fill(0x20));
        if (pulled > 1000) controller.close();
      },
    });
    expect((await errorOf(readJson(post(stream), 2048))).code).toBe("payload_too_large");
    expect(pulled).toBeLessThan(20);
  });

  it("accepts a body exactly at the limit", async () => {
    const body = JSON.stringify({ text: "x".repeat(1000) });
    await expect(readJson(post(body), Buffer.byteLength(body))).resolves.toMatchObject({ text: expect.any(String) });
  });
});
