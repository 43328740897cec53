import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

// How the built web app is started, in one place: `npm start` (scripts/launch.ts)
// and the web image (Dockerfile.web) run the same Next.js standalone server
// (next.config.ts `output: "standalone"`), and deploy/aws/test/images.test.ts
// keeps the Dockerfile in step with this file.

const ROOT = path.resolve(import.meta.dirname, "..");

/** The folder `next build` writes the standalone server to, and the server in it. */
export const STANDALONE_DIR = ".next/standalone";
export const STANDALONE_SERVER = "server.js";

/**
 * What the standalone server serves but `next build` leaves out of its
 * folder (for a CDN to take, which we do not use): [from, to] relative to
 * the repository and to the standalone folder.
 */
export const STANDALONE_ASSETS: [string, string][] = [
  [".next/static", ".next/static"],
  ["public", "public"],
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
  return existsSync(path.join(root, STANDALONE_DIR, STANDALONE_SERVER));
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
