import { describe, expect, it } from "vitest";
import { buildSecurityHeaders, createNonce, getS3BrowserOrigin } from "./security-headers";

describe("security headers", () => {
  it("uses the emulator's origin locally and the bucket's on AWS", () => {
    expect(getS3BrowserOrigin({ S3_ENDPOINT: "http://127.0.0.1:4568/" })).toBe("http://127.0.0.1:4568");
    expect(getS3BrowserOrigin({ S3_BUCKET: "reels", AWS_REGION: "eu-west-1" })).toBe("https://reels.s3.eu-west-1.amazonaws.com");
  });

  it("lets the page reach S3 and nothing else, and forbids framing", () => {
    const headers = buildSecurityHeaders({ s3Origin: "https://reels.s3.eu-west-1.amazonaws.com", isDev: false, nonce: "bm9uY2U=", isHttps: false });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("connect-src 'self' https://reels.s3.eu-west-1.amazonaws.com");
    expect(csp).toContain("media-src 'self' blob: https://reels.s3.eu-west-1.amazonaws.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("allows eval and the websocket only in development", () => {
    const csp = buildSecurityHeaders({ s3Origin: "http://127.0.0.1:4568", isDev: true, nonce: "bm9uY2U=", isHttps: false })["Content-Security-Policy"];
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain("ws:");
  });

  it("allows scripts only with the answer's nonce, never 'unsafe-inline'", () => {
    const csp = buildSecurityHeaders({ s3Origin: "http://127.0.0.1:4568", isDev: false, nonce: "bm9uY2U=", isHttps: false })["Content-Security-Policy"];
    const scripts = csp.split("; ").find((d) => d.startsWith("script-src "));
    expect(scripts).toBe("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    // A nonce in style-src would switch 'unsafe-inline' off for React's style attributes.
    expect(csp.split("; ").find((d) => d.startsWith("style-src "))).toBe("style-src 'self' 'unsafe-inline'");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sends Strict-Transport-Security only over https", () => {
    const base = { s3Origin: "http://127.0.0.1:4568", isDev: false, nonce: "bm9uY2U=" };
    expect(buildSecurityHeaders({ ...base, isHttps: true })["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(buildSecurityHeaders({ ...base, isHttps: false })).not.toHaveProperty("Strict-Transport-Security");
  });
});
