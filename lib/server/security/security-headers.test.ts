import { describe, expect, it } from "vitest";
import { buildSecurityHeaders, getS3BrowserOrigin } from "./security-headers";

describe("security headers", () => {
  it("uses the emulator's origin locally and the bucket's on AWS", () => {
    expect(getS3BrowserOrigin({ S3_ENDPOINT: "http://127.0.0.1:4568/" })).toBe("http://127.0.0.1:4568");
    expect(getS3BrowserOrigin({ S3_BUCKET: "reels", AWS_REGION: "eu-west-1" })).toBe("https://reels.s3.eu-west-1.amazonaws.com");
  });

  it("lets the page reach S3 and nothing else, and forbids framing", () => {
    const headers = buildSecurityHeaders({ s3Origin: "https://reels.s3.eu-west-1.amazonaws.com", isDev: false });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("connect-src 'self' https://reels.s3.eu-west-1.amazonaws.com");
    expect(csp).toContain("media-src 'self' blob: https://reels.s3.eu-west-1.amazonaws.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("allows eval and the websocket only in development", () => {
    const csp = buildSecurityHeaders({ s3Origin: "http://127.0.0.1:4568", isDev: true })["Content-Security-Policy"];
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain("ws:");
  });
});
