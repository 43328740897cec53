import { describe, expect, it } from "vitest";
import { createId, createSessionToken, verifySessionToken } from "./session-token";

const SECRET = "a-test-secret-that-is-at-least-32-characters";

describe("session tokens", () => {
  it("round trips an id", () => {
    const id = createId();
    const token = createSessionToken(id, SECRET);
    expect(token.startsWith(`${id}.`)).toBe(true);
    expect(verifySessionToken(token, SECRET)).toBe(id);
  });

  it("signs deterministically and differently per id", () => {
    const id = createId();
    expect(createSessionToken(id, SECRET)).toBe(createSessionToken(id, SECRET));
    expect(createSessionToken(id, SECRET)).not.toBe(createSessionToken(createId(), SECRET).replace(/^[^.]+/, id));
  });

  it("rejects a tampered signature", () => {
    const id = createId();
    const token = createSessionToken(id, SECRET);
    const signature = token.slice(id.length + 1);
    const flipped = signature[0] === "A" ? "B" : "A";
    expect(verifySessionToken(`${id}.${flipped}${signature.slice(1)}`, SECRET)).toBeNull();
    expect(verifySessionToken(`${id}.${signature.slice(0, -1)}`, SECRET)).toBeNull();
    expect(verifySessionToken(`${id}.${signature}x`, SECRET)).toBeNull();
    expect(verifySessionToken(`${id}.`, SECRET)).toBeNull();
  });

  it("rejects a tampered id with the original signature", () => {
    const id = createId();
    const token = createSessionToken(id, SECRET);
    const otherId = (id[0] === "A" ? "B" : "A") + id.slice(1);
    expect(verifySessionToken(otherId + token.slice(id.length), SECRET)).toBeNull();
  });

  it("rejects a token signed with another secret", () => {
    const id = createId();
    expect(verifySessionToken(createSessionToken(id, "another-secret-another-secret-xx"), SECRET)).toBeNull();
  });

  it.each<[string, string | undefined]>([
    ["undefined", undefined],
    ["empty", ""],
    ["no dot", "abc"],
    ["only a signature", ".sig"],
    ["only a dot", "."],
    ["id with wrong length (21)", createSessionToken("A".repeat(21), SECRET)],
    ["id with wrong length (23)", createSessionToken("A".repeat(23), SECRET)],
    ["short id", createSessionToken("abc", SECRET)],
    ["id with non-url-safe chars", createSessionToken("A".repeat(21) + "+", SECRET)],
    ["id with padding", createSessionToken("A".repeat(21) + "=", SECRET)],
  ])("rejects a malformed token: %s", (_name, token) => {
    expect(verifySessionToken(token, SECRET)).toBeNull();
  });

  it("accepts a well-formed 22-character id that it did not generate", () => {
    const id = "abcdefghijklmnopqrs_-9";
    expect(id).toHaveLength(22);
    expect(verifySessionToken(createSessionToken(id, SECRET), SECRET)).toBe(id);
  });
});

describe("createId", () => {
  it("is 22 url-safe characters", () => {
    for (let i = 0; i < 100; i++) expect(createId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("is unique over 1000 calls", () => {
    const ids = new Set(Array.from({ length: 1000 }, createId));
    expect(ids.size).toBe(1000);
  });
});
