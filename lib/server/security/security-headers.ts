// Headers for every page and API answer. The CSP lets the browser talk to
// the configured S3 endpoint (uploads by PUT, the video and poster by GET)
// and nothing else off-site.

/** The origin browsers reach S3 at, e.g. http://127.0.0.1:4568 or https://bucket.s3.eu-west-1.amazonaws.com. */
export function getS3BrowserOrigin(env: { S3_ENDPOINT?: string; S3_BUCKET?: string; AWS_REGION?: string }): string {
  if (env.S3_ENDPOINT) return new URL(env.S3_ENDPOINT).origin;
  return `https://${env.S3_BUCKET ?? "*"}.s3.${env.AWS_REGION ?? "us-east-1"}.amazonaws.com`;
}

export function buildSecurityHeaders(input: { s3Origin: string; isDev: boolean }): Record<string, string> {
  const { s3Origin, isDev } = input;
  // Next.js inlines its bootstrap scripts; dev mode also evaluates code.
  const scripts = `'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`;
  const csp = [
    "default-src 'self'",
    `script-src ${scripts}`,
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
  };
}
