import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { readJson } from "./read-json";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

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

  it.each([
    ["text/plain", "text/plain;charset=UTF-8"],
    ["a form", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["no type", ""],
  ])("answers 415 to %s, even if the body is JSON", async (_name, type) => {
    const error = await errorOf(readJson(post('{"a":1}', { "content-type": type })));
    expect(error.code).toBe("unsupported_media_type");
    expect(error.message).toMatch(/application\/json/);
  });

  it("accepts application/json with a charset, in any case", async () => {
    await expect(readJson(post('{"a":1}', { "content-type": "Application/JSON; charset=utf-8" }))).resolves.toEqual({ a: 1 });
  });

  it.each([
    ["a NUL in an id", '{"slides":[{"assetId":"a\\u0000"}]}', /^slides\.0\.assetId: contains control characters/],
    ["a NUL in a draft field", '{"title":"x","music":{"name":"\\u0000"}}', /^music\.name: contains control characters/],
    ["a lone surrogate in a caption", '{"slides":[{"caption":"a\\ud800b"}]}', /^slides\.0\.caption: is not valid Unicode/],
    ["a lone low surrogate in a title", '{"title":"\\udfff"}', /^title: is not valid Unicode/],
    ["a NUL in a field name", '{"a\\u0000":1}', /field name/],
  ])("refuses %s with 422 naming the field", async (_name, body, message) => {
    const error = await errorOf(readJson(post(body)));
    expect(error.code).toBe("validation_failed");
    expect(error.message).toMatch(message);
  });

  it("accepts emoji and other well-formed surrogate pairs", async () => {
    await expect(readJson(post(JSON.stringify({ caption: "🎉 \ud83d\ude00 日本" })))).resolves.toEqual({ caption: "🎉 😀 日本" });
  });
});
