import { describe, expect, it } from "vitest";
import { createId } from "../server/session/session-token";
import { renderMessageSchema } from "./queue-message";

describe("renderMessageSchema", () => {
  it("takes a message naming an order id the server makes", () => {
    const orderId = createId();
    expect(renderMessageSchema.parse({ type: "render", orderId, specVersion: 1 })).toEqual({ type: "render", orderId, specVersion: 1 });
  });

  it.each([
    ["a NUL byte", "abc\u0000def"],
    ["a path", "../../etc/passwd"],
    ["a very long id", "a".repeat(100_000)],
    ["an id one character short", createId().slice(1)],
    ["SQL", "x' OR '1'='1"],
    ["an empty id", ""],
  ])("refuses an order id with %s", (_name, orderId) => {
    expect(renderMessageSchema.safeParse({ type: "render", orderId, specVersion: 1 }).success).toBe(false);
  });
});
