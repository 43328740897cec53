import { z } from "zod";
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
} from "../fleet/desired-workers";

// Every setting of the web app and the worker: one zod schema per group,
// each setting with its meaning and default, parsed from the environment on
// first use (getConfig caches; resetConfig forgets, for tests).
// scripts/launch.ts fills these in for the local stack; in production they
// point the same code at AWS. The launcher's own settings are in
// launcherSettingsSchema at the end.

type Env = Record<string, string | undefined>;

/** Unset and empty are the same: the default. */
const blank = (value: unknown) => (value === "" ? undefined : value);
const text = () => z.preprocess(blank, z.string().optional());
const number = (fallback: number) => z.preprocess(blank, z.coerce.number().finite().default(fallback));
const positive = (fallback: number) => z.preprocess(blank, z.coerce.number().finite().positive().default(fallback));
/** A limit that falls back to its default when unset, not a number or not positive (as the rate limits always did). */
const limit = (fallback: number, options: { integer?: boolean } = {}) =>
  z.preprocess((value) => {
    const n = Number(value);
    const ok = value !== undefined && value !== "" && Number.isFinite(n) && n > 0 && (!options.integer || Number.isInteger(n));
    return ok ? n : undefined;
  }, z.number().default(fallback));

/** A whole number from min to max; a bad value is refused with the setting's name and range. */
const integer = (name: string, min: number, max: number) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ error: `${name} must be an integer from ${min} to ${max}` })
      .int(`${name} must be an integer from ${min} to ${max}`)
      .min(min, `${name} must be an integer from ${min} to ${max}`)
      .max(max, `${name} must be an integer from ${min} to ${max}`)
      .optional(),
  );
/** A number of at least min; a bad value is refused with the setting's name. */
const atLeast = (name: string, min: number, fallback: number) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ error: `${name} must be a number ≥ ${min}` })
      .finite(`${name} must be a number ≥ ${min}`)
      .min(min, `${name} must be a number ≥ ${min}`)
      .default(fallback),
  );

/** Settings both the web app and the worker read. */
export const platformSchema = z.object({
  /** Postgres connection string. Required, unless the DB_* fields of an RDS secret are set (readDatabaseUrl). */
  DATABASE_URL: text(),
  /** AWS region for S3 and SQS. Default us-east-1. */
  AWS_REGION: z.preprocess(blank, z.string().default("us-east-1")),
  /** Bucket for uploads and renders. Required. */
  S3_BUCKET: z.preprocess(blank, z.string({ error: "Missing environment variable S3_BUCKET (see README: Configuration)" })),
  /** S3-compatible endpoint (the local emulator); unset on AWS. */
  S3_ENDPOINT: text(),
  /** SQS-compatible endpoint (the local emulator); unset on AWS. */
  SQS_ENDPOINT: text(),
  /** URL of the render queue. Required. */
  SQS_QUEUE_URL: z.preprocess(blank, z.string({ error: "Missing environment variable SQS_QUEUE_URL (see README: Configuration)" })),
  /** URL of the render queue's dead-letter queue, for the admin counts. Optional. */
  SQS_DLQ_URL: text(),
});

/** The logger's settings (read when lib/platform/log.ts loads, before anything else is required). */
export const logSchema = z.object({
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  LOG_LEVEL: z.preprocess(blank, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  /** The `service` field of every log line. Default web (the worker's start sets worker). */
  REELMAKER_SERVICE: z.preprocess(blank, z.string().default("web")),
});

/** Where the browser uploads to, for the web app's Content-Security-Policy (proxy.ts; also read at build time, when nothing is required). */
export const storageOriginSchema = platformSchema.pick({ AWS_REGION: true, S3_ENDPOINT: true }).extend({
  /** As in platformSchema; optional here. */
  S3_BUCKET: text(),
});

/** Settings of the web app. */
export const webSchema = z.object({
  /** Secret that signs session cookies (32+ characters). Required by the web app; default empty (every request 500s). */
  SESSION_SECRET: z.preprocess(blank, z.string().default("")),
  /** Password of the admin area (user name "admin"). Unset: the admin area is closed. */
  ADMIN_PASSWORD: text(),
  /** Lifetime of presigned upload URLs, seconds. Default 300. */
  UPLOAD_URL_TTL_SECONDS: positive(300),
  /** Lifetime of presigned download URLs, seconds. Default 600. */
  DOWNLOAD_URL_TTL_SECONDS: positive(600),
  /** Price of one vCPU-hour in USD, for the console's cost per video. Default 0.04048 (AWS Fargate on-demand, Linux/x86, us-east-1). */
  PRICE_PER_VCPU_HOUR: number(0.04048),
  /** Bearer token a Prometheus scraper may use for /api/metrics instead of the admin credential. Optional. */
  METRICS_TOKEN: text(),
  /** How many proxies in front of the web app append to X-Forwarded-For, 0–10 (readTrustedProxyHops). Default 0: forwarding headers are ignored. */
  TRUSTED_PROXY_HOPS: text(),
});

/**
 * Request limits of the web app (proxy.ts), read when asked for (tests
 * change them per test). Each falls back to its default when unset or not a
 * positive number. Per minute unless said otherwise.
 */
export const rateLimitSchema = z.object({
  /** Uploads (create + complete) per session. Default 300: a 100-photo story makes 200 calls. */
  RATE_LIMIT_UPLOADS_PER_SESSION: limit(300),
  /** Uploads per client address. Default 1200. */
  RATE_LIMIT_UPLOADS_PER_IP: limit(1200),
  /** Orders per session. Default 20. */
  RATE_LIMIT_ORDERS_PER_SESSION: limit(20),
  /** Orders per client address. Default 120. */
  RATE_LIMIT_ORDERS_PER_IP: limit(120),
  /** Draft saves per session. Default 120. */
  RATE_LIMIT_DRAFTS_PER_SESSION: limit(120),
  /** Draft saves per client address. Default 600. */
  RATE_LIMIT_DRAFTS_PER_IP: limit(600),
  /** "Continue on another device" links made or used per session. Default 10. */
  RATE_LIMIT_DEVICE_LINKS_PER_SESSION: limit(10),
  /** Device links made or used per client address. Default 60. */
  RATE_LIMIT_DEVICE_LINKS_PER_IP: limit(60),
  /** New sessions per client address. Default 60. */
  RATE_LIMIT_SESSIONS_PER_IP: limit(60),
  /** Postgres connections of the rate limiter's own pool. Default 3. */
  RATE_LIMIT_DB_POOL: limit(3),
  /** Wrong admin credentials allowed per client address in the window below (a whole number). Default 10. */
  RATE_LIMIT_ADMIN_FAILURES_PER_IP: limit(10, { integer: true }),
  /** That window, seconds (a whole number); meanwhile every admin request from the address is 429. Default 600. */
  ADMIN_FAILURE_WINDOW_SECONDS: limit(600, { integer: true }),
});

/** Settings of the render worker (worker/src/main.ts). */
export const workerSchema = z.object({
  /** The worker's name in heartbeats and the console. Default `<hostname>-<pid>`. */
  WORKER_HOST: text(),
  /** Seconds between heartbeats. Default 5. */
  WORKER_HEARTBEAT_SECONDS: positive(5),
  /** Seconds between checks whether the order in hand was canceled. Default 2. */
  WORKER_CANCEL_CHECK_SECONDS: positive(2),
  /** Visibility timeout of a received message, seconds, extended while rendering. Default 60. */
  WORKER_VISIBILITY_SECONDS: positive(60),
  /** SQS long-poll wait, seconds (0–20). Default 10. */
  WORKER_WAIT_SECONDS: z.preprocess(blank, z.coerce.number().int().min(0).max(20).default(10)),
  /** Lifetime of the ECS scale-in protection taken per order, minutes. Default 60. */
  WORKER_PROTECTION_MINUTES: positive(60),
  /** Orders stored but never sent for this many seconds are sent again, checked as often. Default 15. */
  WORKER_SWEEP_SECONDS: positive(15),
  /** The ECS agent's URI, set by ECS in every task; unset elsewhere (no scale-in protection). */
  ECS_AGENT_URI: text(),
  /** "1" when started by scripts/launch.ts: the worker stops if the launcher disappears. */
  REELMAKER_SUPERVISED: text(),
  /** x264 threads, 1–64, e.g. 1 for a worker pinned to one core (npm run bench:fleet). Default: x264's choice from the usable CPUs. */
  WORKER_ENCODER_THREADS: integer("WORKER_ENCODER_THREADS", 1, 64),
  /** The ffmpeg binary the worker runs. Default ffmpeg (from PATH). */
  FFMPEG_PATH: z.preprocess(blank, z.string().default("ffmpeg")),
});

/**
 * The launcher's render workers (scripts/launch.ts; turned into a fixed
 * count or the Encode Master's bounds by scripts/fleet/settings.ts).
 */
export const fleetSchema = z.object({
  /** A number of workers (0–1000), or "auto": the Encode Master sizes the fleet on the queue. Default 1. */
  WORKERS: z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.union([z.literal("auto"), integer("WORKERS", 0, 1000)], { error: "WORKERS must be an integer from 0 to 1000, or auto" })),
  /** auto: fewest workers, 0–1000; 0 scales to zero. Default 1. */
  WORKERS_MIN: integer("WORKERS_MIN", 0, 1000),
  /** auto: most workers, from max(1, WORKERS_MIN) to 1000. Default one per core, as many as fit in memory (defaultMaxWorkers). */
  WORKERS_MAX: integer("WORKERS_MAX", 1, 1000),
  /** auto: the queue wait the fleet is sized for, seconds. Default DEFAULT_TARGET_WAIT_SECONDS (60). */
  FLEET_TARGET_WAIT_SECONDS: atLeast("FLEET_TARGET_WAIT_SECONDS", 1, DEFAULT_TARGET_WAIT_SECONDS),
  /** auto: how often the policy runs, seconds. Default 5. */
  FLEET_INTERVAL_SECONDS: atLeast("FLEET_INTERVAL_SECONDS", 0.2, DEFAULT_INTERVAL_SECONDS),
  /** auto: least time between two scale-outs, seconds. Default 10. */
  FLEET_SCALE_OUT_COOLDOWN_SECONDS: atLeast("FLEET_SCALE_OUT_COOLDOWN_SECONDS", 0, DEFAULT_SCALE_OUT_COOLDOWN_SECONDS),
  /** auto: least time between two scale-ins, seconds. Default 300. */
  FLEET_SCALE_IN_COOLDOWN_SECONDS: atLeast("FLEET_SCALE_IN_COOLDOWN_SECONDS", 0, DEFAULT_SCALE_IN_COOLDOWN_SECONDS),
  /** CPU niceness of the workers, 0–19, so the web app stays responsive. Default 10. */
  WORKER_NICE: integer("WORKER_NICE", 0, 19),
});

/** Settings of the launcher itself (scripts/launch.ts; its workers: fleetSchema). */
export const launcherSettingsSchema = z.object({
  /** Port of the web app. Default 3000. */
  PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(3000)),
  /** Comma-separated ports of several web instances. Default: PORT alone. */
  WEB_PORTS: text(),
  /** Interface the web app listens on. Default 127.0.0.1. */
  HOST: z.preprocess(blank, z.string().default("127.0.0.1")),
  /** Folder of the local stack's data (Postgres, emulator, secrets). Default .data. */
  REELMAKER_DATA_DIR: z.preprocess(blank, z.string().default(".data")),
  /** The site's public URL, allowed as an origin besides localhost. Optional. */
  PUBLIC_URL: text(),
  /** Port of the embedded Postgres. Default 5433. */
  PG_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(5433)),
  /** Port of the S3 emulator. Default 4568. */
  EMU_S3_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(4568)),
  /** Port of the SQS emulator. Default 4566. */
  EMU_SQS_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(4566)),
});

/** Every setting of web app and worker, for reference: each group above is parsed where it is used. */
export const envSchema = platformSchema.extend(logSchema.shape).extend(webSchema.shape).extend(rateLimitSchema.shape).extend(workerSchema.shape).extend(fleetSchema.shape).extend(launcherSettingsSchema.shape);

/** Parses one group of settings from the environment; a bad value fails with its name. */
export function readSettings<T extends z.ZodObject>(schema: T, env: Env = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return issue.message.includes(name) ? issue.message : `Environment variable ${name}: ${issue.message}`;
  });
  throw new Error(problems.join("; "));
}

/**
 * The Postgres connection string: DATABASE_URL, or else one made of the
 * fields of an RDS secret, which ECS injects one by one (deploy/aws):
 * DB_HOST, DB_PORT (5432), DB_NAME, DB_USER, DB_PASSWORD, DB_SSLMODE
 * (verify-full: the images trust Amazon RDS's certificate authority).
 */
export function readDatabaseUrl(env: Env = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const { DB_HOST: host, DB_USER: user, DB_PASSWORD: password, DB_NAME: name } = env;
  if (!host || !user || !password || !name) {
    throw new Error("Missing environment variable DATABASE_URL (or DB_HOST, DB_NAME, DB_USER and DB_PASSWORD; see README: Configuration)");
  }
  const e = encodeURIComponent;
  return `postgresql://${e(user)}:${e(password)}@${host}:${env.DB_PORT || "5432"}/${e(name)}?sslmode=${e(env.DB_SSLMODE || "verify-full")}`;
}

export type Config = ReturnType<typeof readConfig>;

function readConfig(env: Env = process.env) {
  const platform = readSettings(platformSchema, env);
  const web = readSettings(webSchema, env);
  return {
    databaseUrl: readDatabaseUrl(env),
    region: platform.AWS_REGION,
    bucket: platform.S3_BUCKET,
    s3Endpoint: platform.S3_ENDPOINT,
    sqsEndpoint: platform.SQS_ENDPOINT,
    queueUrl: platform.SQS_QUEUE_URL,
    deadLetterQueueUrl: platform.SQS_DLQ_URL,
    sessionSecret: web.SESSION_SECRET,
    adminPassword: web.ADMIN_PASSWORD,
    uploadUrlTtlSeconds: web.UPLOAD_URL_TTL_SECONDS,
    downloadUrlTtlSeconds: web.DOWNLOAD_URL_TTL_SECONDS,
    pricePerVcpuHour: web.PRICE_PER_VCPU_HOUR,
    metricsToken: web.METRICS_TOKEN,
  };
}

let cached: Config | undefined;

/** The web app's and the worker's shared settings (platformSchema, webSchema), parsed on first use. */
export function getConfig(): Config {
  cached ??= readConfig();
  return cached;
}

/** Forgets the parsed settings, so the next getConfig() reads the environment again (tests). */
export function resetConfig(): void {
  cached = undefined;
}
