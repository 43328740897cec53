import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ROOT, startLocalStack } from "./local-stack";
import { workerProcess } from "./ts-process";

// `npm start` (production build) and `npm run dev` (hot reload): Postgres,
// the S3/SQS emulator, the web app and one render worker as one supervised
// group. Ctrl-C or SIGTERM stops everything; if any part dies, all stop.
//
// Settings (env, with defaults):
//   PORT                  web port                                   (3000)
//   HOST                  web bind address                           (127.0.0.1)
//   REELMAKER_DATA_DIR    where local data lives                     (.data)
//   PG_PORT               embedded Postgres port                     (5433)
//   EMU_S3_PORT, EMU_SQS_PORT  emulator ports                        (4568, 4566)
//   WORKERS               render workers to run                      (1)
//   DATABASE_URL, S3_BUCKET + SQS_QUEUE_URL: use these instead of the local parts.

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(ROOT, process.env.REELMAKER_DATA_DIR ?? ".data");
const say = (line: string) => process.stdout.write(`[reelmaker] ${line}\n`);

type Secrets = { sessionSecret: string; adminPassword: string };

/** Local secrets are generated once and kept in the data folder, so sessions survive restarts. */
async function loadSecrets(): Promise<Secrets> {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  const secrets = { sessionSecret: randomBytes(32).toString("base64url"), adminPassword: randomBytes(12).toString("base64url") };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(target).filter((n) => n !== "generated").map((n) => newestMtime(path.join(target, n))));
}

/** Builds the web app unless .next is newer than every source file. */
function buildIfNeeded(env: NodeJS.ProcessEnv) {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];
  const newest = Math.max(...sources.map((s) => newestMtime(path.join(ROOT, s))));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newest) return;
  say("building the web app (next build)…");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], { cwd: ROOT, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  const secrets = await loadSecrets();
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(process.env.PUBLIC_URL ? [process.env.PUBLIC_URL] : [])];
  const stack = await startLocalStack({
    dataDir,
    pgPort: Number(process.env.PG_PORT ?? 5433),
    s3Port: Number(process.env.EMU_S3_PORT ?? 4568),
    sqsPort: Number(process.env.EMU_SQS_PORT ?? 4566),
    allowedOrigins: origins,
    log: say,
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stack.env,
    SESSION_SECRET: process.env.SESSION_SECRET ?? secrets.sessionSecret,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? secrets.adminPassword,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  const children: ChildProcess[] = [];
  let isStopping = false;
  const stopAll = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    say("stopping…");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
    await stack.stop();
    say("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  // If whoever started us dies without a signal reaching us, do not linger.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stopAll(0), 1000).unref();

  const run = (name: string, command: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      if (isStopping) return;
      say(`${name} exited (${code ?? signal}); stopping everything`);
      void stopAll(code || 1);
    });
    children.push(child);
  };

  try {
    if (!isDev) buildIfNeeded(env);
  } catch (error: unknown) {
    say((error as Error).message);
    await stack.stop();
    process.exit(1);
  }
  // Not `next start`: web-server.mjs tells the app the socket's address (see there).
  run("web", process.execPath, [path.join(ROOT, "scripts", "web-server.mjs"), ...(isDev ? ["--dev"] : []), "-H", host, "-p", String(port)]);
  const workers = Number(process.env.WORKERS ?? 1);
  for (let i = 0; i < workers; i += 1) {
    const worker = workerProcess();
    run(`worker ${i + 1}`, worker.command, worker.args, {
      REELMAKER_SERVICE: "worker",
      REELMAKER_SUPERVISED: "1",
      ...worker.env,
      WORKER_HOST: process.env.WORKER_HOST ?? `${os.hostname()}-w${i + 1}`,
    });
  }
  say(`web app   http://localhost:${port}   admin: http://localhost:${port}/admin/jobs (user "admin", password in ${path.join(dataDir, "secrets.json")} unless ADMIN_PASSWORD is set)`);
}


main().catch((error: unknown) => {
  say(`could not start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
