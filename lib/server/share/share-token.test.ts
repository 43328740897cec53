import { describe, expect, it } from "vitest";
import { createSessionToken, createId, verifySessionToken } from "../session/session-token";
import { createShareToken, verifyShareToken } from "./share-token";

const SECRET = "a-test-secret-that-is-long-enough-to-use";

describe("share tokens", () => {
  it("round-trips an order id", () => {
    const id = createId();
    expect(verifyShareToken(createShareToken(id, SECRET), SECRET)).toBe(id);
  });

  it("refuses a tampered token, another secret, and junk", () => {
    const id = createId();
    const token = createShareToken(id, SECRET);
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(verifyShareToken(flipped, SECRET)).toBeNull();
    expect(verifyShareToken(token, `${SECRET}-other`)).toBeNull();
    expect(verifyShareToken(createShareToken(createId(), SECRET).slice(0, 23) + token.slice(23), SECRET)).toBeNull();
    for (const junk of [undefined, "", "abc", `${id}-`, `${id}.${token.slice(23)}`]) expect(verifyShareToken(junk, SECRET)).toBeNull();
  });

  it("is not a session cookie, and a session cookie is not a share token", () => {
    const id = createId();
    const share = createShareToken(id, SECRET);
    expect(verifySessionToken(share, SECRET)).toBeNull();
    expect(verifySessionToken(`${id}.${share.slice(23)}`, SECRET)).toBeNull();
    const session = createSessionToken(id, SECRET);
    expect(verifyShareToken(session, SECRET)).toBeNull();
    expect(verifyShareToken(session.replace(".", "-"), SECRET)).toBeNull();
  });
});
