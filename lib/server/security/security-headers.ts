// Headers for every page and API answer. The CSP lets the browser talk to
// the configured S3 endpoint (uploads by PUT, the video and poster by GET)
// and nothing else off-site. Scripts run only with this answer's nonce:
// Next.js reads the nonce from the request's CSP header (proxy.ts sets it)
// and puts it on its own scripts, and 'strict-dynamic' lets those load the
// page's chunks. Pages therefore render per request (app/layout.tsx).

/** The origin browsers reach S3 at, e.g. http://127.0.0.1:4568 or https://bucket.s3.eu-west-1.amazonaws.com. */
export function getS3BrowserOrigin(env: { S3_ENDPOINT?: string; S3_BUCKET?: string; AWS_REGION?: string }): string {
  if (env.S3_ENDPOINT) return new URL(env.S3_ENDPOINT).origin;
  return `https://${env.S3_BUCKET ?? "*"}.s3.${env.AWS_REGION ?? "us-east-1"}.amazonaws.com`;
}

/** A fresh nonce for one answer: 128 random bits, base64. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** One year; no includeSubDomains, since other hosts of the operator's domain are not ours to decide for. */
export const HSTS_VALUE = "max-age=31536000";

export function buildSecurityHeaders(input: { s3Origin: string; isDev: boolean; nonce: string; isHttps: boolean }): Record<string, string> {
  const { s3Origin, isDev, nonce, isHttps } = input;
  // Dev mode's React evaluates code to rebuild server error stacks.
  const scripts = `'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`;
  const csp = [
    "default-src 'self'",
    `script-src ${scripts}`,
    // Styles keep 'unsafe-inline': React's style attributes (the caption
    // editor, progress bars) cannot carry a nonce, and a nonce here would
    // switch 'unsafe-inline' off. Styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data: ${s3Origin}`,
    // blob: plays the music a customer just picked, before it is uploaded.
    `media-src 'self' blob: ${s3Origin}`,
    `connect-src 'self' ${s3Origin}${isDev ? " ws:" : ""}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(isHttps ? { "Strict-Transport-Security": HSTS_VALUE } : {}),
  };
}
