import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe("log redaction", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("never writes signed URLs, bodies or credentials even when handed them", () => {
    // The integration tests' setup sets LOG_LEVEL=warn; this test logs at info.
    vi.stubEnv("LOG_LEVEL", "info");
    const { logger, lines } = capture();
    const signed = "http://s3/bucket/key?X-Amz-Signature=deadbeef";
    logger.info(
      {
        orderId: "o1",
        uploadUrl: signed,
        downloadUrl: signed,
        url: signed,
        body: { caption: "private words" },
        headers: { authorization: "Bearer hunter2", cookie: "rm_session=abc.def" },
        config: { sessionSecret: "s3cr3t", adminPassword: "pw" },
      },
      "test.event",
    );
    const text = lines.join("");
    expect(text).toContain('"orderId":"o1"');
    expect(text).toContain('"msg":"test.event"');
    for (const secret of ["deadbeef", "private words", "hunter2", "abc.def", "s3cr3t", '"pw"']) expect(text).not.toContain(secret);
  });
});
