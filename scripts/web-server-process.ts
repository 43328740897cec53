import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

// How the built web app is started, in one place: `npm start` (scripts/launch.ts)
// and the web image (Dockerfile.web) run the same Next.js standalone server
// (next.config.ts `output: "standalone"`), and deploy/aws/test/images.test.ts
// keeps the Dockerfile in step with this file.

const ROOT = path.resolve(import.meta.dirname, "..");

/** The folder `next build` writes the standalone server to; Next's own server in it (a sign of a finished build); ours, copied beside it. */
export const STANDALONE_DIR = ".next/standalone";
export const NEXT_STANDALONE_SERVER = "server.js";
export const STANDALONE_SERVER = "web-server.mjs";

/**
 * What the standalone server serves but `next build` leaves out of its
 * folder (for a CDN to take, which we do not use): [from, to] relative to
 * the repository and to the standalone folder.
 */
export const STANDALONE_ASSETS: [string, string][] = [
  [".next/static", ".next/static"],
  ["public", "public"],
  // Our server in place of Next's server.js: it tells the app the socket's address.
  ["scripts/web-server.mjs", STANDALONE_SERVER],
];

/** Copies the static assets into the standalone folder, after each build. */
export function prepareStandalone(root = ROOT) {
  for (const [from, to] of STANDALONE_ASSETS) {
    const target = path.join(root, STANDALONE_DIR, to);
    rmSync(target, { recursive: true, force: true });
    cpSync(path.join(root, from), target, { recursive: true });
  }
}

export function hasStandaloneServer(root = ROOT) {
  return existsSync(path.join(root, STANDALONE_DIR, NEXT_STANDALONE_SERVER));
}

/** The command that starts the built web app on `host:port` (the server reads PORT and HOSTNAME). */
export function webServerProcess(input: { port: number; host: string; root?: string }) {
  const dir = path.join(input.root ?? ROOT, STANDALONE_DIR);
  return {
    command: process.execPath,
    args: [path.join(dir, STANDALONE_SERVER)],
    cwd: dir,
    env: { PORT: String(input.port), HOSTNAME: input.host },
  };
}
