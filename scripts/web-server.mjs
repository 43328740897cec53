// The web process: Next.js behind a thin Node HTTP server that tells the
// app who is on the other end of the socket. Proxy.ts only sees headers, and
// `next start` keeps an X-Forwarded-For the client sent instead of adding
// the socket's address, so a client could choose its own address for the
// per-address limits. Here every request gets the socket's address appended
// to X-Forwarded-For and copied into x-reelmaker-peer (overwriting what the
// client sent); lib/server/security/client-address.ts reads both.
//
//   node scripts/web-server.mjs [--dev] [-H host] [-p port] [--dir folder]
//   (defaults: production, HOSTNAME or HOST or 127.0.0.1, PORT or 3000)
//
// In production it serves Next.js's standalone output: `npm start` and the
// web image copy this file into `.next/standalone/` (scripts/web-server-process.ts)
// and run it there, so it starts the same server `server.js` would, with the
// build's own configuration (.next/required-server-files.json).
//
// Plain `next start` also serves the app, but proxy.ts then answers 500
// "Server is not configured" to ordinary pages and API calls, so the
// mistake shows at once (a client forging both headers would get past that
// check: it catches misconfiguration, it is not the boundary).
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

const args = process.argv.slice(2);
const option = (short, long) => {
  const at = args.findIndex((arg) => arg === short || arg === long);
  return at >= 0 ? args[at + 1] : undefined;
};
const isDev = args.includes("--dev");
const host = option("-H", "--hostname") ?? process.env.HOSTNAME ?? process.env.HOST ?? "127.0.0.1";
const port = Number(option("-p", "--port") ?? process.env.PORT ?? 3000);
process.env.NODE_ENV ??= isDev ? "development" : "production";

const PEER_HEADER = "x-reelmaker-peer";
// Next.js cannot even build a Request for these (it answers 500), so they
// stop here; proxy.ts refuses any other method it does not serve.
const REFUSED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/** Appends the socket's address to X-Forwarded-For and records it as the peer. */
function markPeer(req) {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(forwarded) ? forwarded.join(", ") : (forwarded ?? "")).trim();
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  req.headers[PEER_HEADER] = peer;
}

// Beside a build (the standalone folder) or in scripts/ of the repository.
const here = import.meta.dirname;
const dir = path.resolve(option("--dir", "--dir") ?? (existsSync(path.join(here, ".next")) ? here : path.join(here, "..")));
const serverFiles = path.join(dir, ".next", "required-server-files.json");
if (!isDev && existsSync(serverFiles)) {
  // What the standalone server.js does: the build's configuration, not next.config.ts.
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(JSON.parse(readFileSync(serverFiles, "utf8")).config);
  process.chdir(dir);
}

const { default: next } = await import("next");
const server = createServer();
const app = next({ dev: isDev, dir, hostname: host, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();
server.on("request", (req, res) => {
  if (REFUSED_METHODS.has(req.method ?? "")) {
    const body = JSON.stringify({ error: { code: "method_not_allowed", message: `${req.method} is not supported` } });
    res.writeHead(405, {
      Allow: "GET, HEAD, POST, PUT, DELETE, OPTIONS",
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(body);
    return;
  }
  markPeer(req);
  handle(req, res);
});
server.listen(port, host, () => process.stdout.write(`[web] listening on http://${host}:${port}${isDev ? " (dev)" : ""}\n`));

let isStopping = false;
const stop = () => {
  if (isStopping) return;
  isStopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Requests still running after 10 s are cut.
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
