// Every setting of the web app and the worker, read from the environment
// once. scripts/launch.ts fills these in for the local stack; in production
// they point the same code at AWS.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name} (see README: Configuration)`);
  return value;
}

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`Environment variable ${name} must be a number`);
  return value;
}

/**
 * The Postgres connection string: DATABASE_URL, or else one made of the
 * fields of an RDS secret, which ECS injects one by one (deploy/aws):
 * DB_HOST, DB_PORT (5432), DB_NAME, DB_USER, DB_PASSWORD, DB_SSLMODE
 * (verify-full: the images trust Amazon RDS's certificate authority).
 */
export function readDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const { DB_HOST: host, DB_USER: user, DB_PASSWORD: password, DB_NAME: name } = env;
  if (!host || !user || !password || !name) {
    throw new Error("Missing environment variable DATABASE_URL (or DB_HOST, DB_NAME, DB_USER and DB_PASSWORD; see README: Configuration)");
  }
  const e = encodeURIComponent;
  return `postgresql://${e(user)}:${e(password)}@${host}:${env.DB_PORT || "5432"}/${e(name)}?sslmode=${e(env.DB_SSLMODE || "verify-full")}`;
}

export type Config = ReturnType<typeof readConfig>;

function readConfig() {
  return {
    /** Postgres connection string. Required (DATABASE_URL, or the DB_* fields: readDatabaseUrl). */
    databaseUrl: readDatabaseUrl(),
    /** AWS region for S3 and SQS. Default us-east-1. */
    region: process.env.AWS_REGION ?? "us-east-1",
    /** Bucket for uploads and renders. Required. */
    bucket: required("S3_BUCKET"),
    /** S3-compatible endpoint (the local emulator); unset on AWS. */
    s3Endpoint: process.env.S3_ENDPOINT || undefined,
    /** SQS-compatible endpoint (the local emulator); unset on AWS. */
    sqsEndpoint: process.env.SQS_ENDPOINT || undefined,
    /** URL of the render queue. Required. */
    queueUrl: required("SQS_QUEUE_URL"),
    /** URL of the render queue's dead-letter queue, for the admin counts. Optional. */
    deadLetterQueueUrl: process.env.SQS_DLQ_URL || undefined,
    /** Secret that signs session cookies (32+ characters). Required by the web app. */
    sessionSecret: process.env.SESSION_SECRET ?? "",
    /** Password of the admin area (user name "admin"). Unset: the admin area is closed. */
    adminPassword: process.env.ADMIN_PASSWORD || undefined,
    /** Lifetime of presigned upload URLs, seconds. Default 300. */
    uploadUrlTtlSeconds: number("UPLOAD_URL_TTL_SECONDS", 300),
    /** Lifetime of presigned download URLs, seconds. Default 600. */
    downloadUrlTtlSeconds: number("DOWNLOAD_URL_TTL_SECONDS", 600),
    /**
     * Price of one vCPU-hour in USD, for the console's cost per video.
     * Default 0.04048 (AWS Fargate on-demand, Linux/x86, us-east-1).
     */
    pricePerVcpuHour: number("PRICE_PER_VCPU_HOUR", 0.04048),
    /** Bearer token a Prometheus scraper may use for /api/metrics instead of the admin credential. Optional. */
    metricsToken: process.env.METRICS_TOKEN || undefined,
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= readConfig();
  return cached;
}
