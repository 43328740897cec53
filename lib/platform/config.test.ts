import pg from "pg";
import { describe, expect, it } from "vitest";
import { getConfig, logSchema, platformSchema, rateLimitSchema, readDatabaseUrl, readSettings, resetConfig, storageOriginSchema, webSchema, workerSchema } from "./config";

describe("readDatabaseUrl", () => {
  const rds = { DB_HOST: "db.abc.eu-west-1.rds.amazonaws.com", DB_PORT: "5432", DB_NAME: "reelmaker", DB_USER: "reelmaker", DB_PASSWORD: "p@ss:w/rd?#%" };

  it("prefers DATABASE_URL", () => {
    expect(readDatabaseUrl({ ...rds, DATABASE_URL: "postgresql://u:p@127.0.0.1:5433/x" })).toBe("postgresql://u:p@127.0.0.1:5433/x");
  });

  it("makes one from the RDS secret's fields, escaping the password and verifying the server's certificate", () => {
    const url = readDatabaseUrl(rds);
    // What the pg driver (and so Prisma's adapter) reads back out of it.
    const parsed = new pg.Client({ connectionString: url }) as unknown as { host: string; port: number; user: string; password: string; database: string };
    expect({ host: parsed.host, port: parsed.port, user: parsed.user, password: parsed.password, database: parsed.database }).toEqual({
      host: rds.DB_HOST, port: 5432, user: "reelmaker", password: rds.DB_PASSWORD, database: "reelmaker",
    });
    expect(new URL(url).searchParams.get("sslmode")).toBe("verify-full");
    expect(new URL(readDatabaseUrl({ ...rds, DB_SSLMODE: "disable", DB_PORT: "" })).port).toBe("5432");
  });

  it("names what is missing", () => {
    expect(() => readDatabaseUrl({})).toThrow(/DATABASE_URL/);
    expect(() => readDatabaseUrl({ ...rds, DB_PASSWORD: "" })).toThrow(/DB_PASSWORD/);
  });
});

describe("the settings schema", () => {
  const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5433/x", S3_BUCKET: "b", SQS_QUEUE_URL: "http://q" };

  it("fills in each default, and treats an empty value as unset", () => {
    const platform = readSettings(platformSchema, { ...base, AWS_REGION: "", S3_ENDPOINT: "" });
    expect(platform.AWS_REGION).toBe("us-east-1");
    expect(platform.S3_ENDPOINT).toBeUndefined();
    expect(readSettings(webSchema, {})).toMatchObject({ UPLOAD_URL_TTL_SECONDS: 300, DOWNLOAD_URL_TTL_SECONDS: 600, PRICE_PER_VCPU_HOUR: 0.04048, SESSION_SECRET: "" });
    expect(readSettings(workerSchema, { WORKER_WAIT_SECONDS: "1" })).toMatchObject({ WORKER_WAIT_SECONDS: 1, WORKER_HEARTBEAT_SECONDS: 5, WORKER_SWEEP_SECONDS: 15 });
    expect(readSettings(logSchema, {})).toEqual({ LOG_LEVEL: "info", REELMAKER_SERVICE: "web" });
    expect(readSettings(workerSchema, {}).FFMPEG_PATH).toBe("ffmpeg");
    expect(readSettings(workerSchema, {}).WORKER_ENCODER_THREADS).toBeUndefined();
    expect(readSettings(workerSchema, { FFMPEG_PATH: "/opt/ffmpeg/bin/ffmpeg", WORKER_ENCODER_THREADS: "1" })).toMatchObject({ FFMPEG_PATH: "/opt/ffmpeg/bin/ffmpeg", WORKER_ENCODER_THREADS: 1 });
  });

  it("reads the browser's upload origin without requiring the rest (the web app's build has none of it)", () => {
    expect(readSettings(storageOriginSchema, {})).toEqual({ AWS_REGION: "us-east-1", S3_ENDPOINT: undefined, S3_BUCKET: undefined });
    expect(readSettings(storageOriginSchema, { S3_BUCKET: "media", AWS_REGION: "eu-west-1" })).toMatchObject({ S3_BUCKET: "media", AWS_REGION: "eu-west-1" });
  });

  it("names a missing or bad setting", () => {
    expect(() => readSettings(platformSchema, { DATABASE_URL: base.DATABASE_URL, SQS_QUEUE_URL: "q" })).toThrow(/S3_BUCKET/);
    expect(() => readSettings(webSchema, { UPLOAD_URL_TTL_SECONDS: "soon" })).toThrow(/UPLOAD_URL_TTL_SECONDS/);
    expect(() => readSettings(workerSchema, { WORKER_WAIT_SECONDS: "30" })).toThrow(/WORKER_WAIT_SECONDS/);
    expect(() => readSettings(logSchema, { LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("falls back to a rate limit's default when it is not a positive number", () => {
    expect(readSettings(rateLimitSchema, { RATE_LIMIT_ORDERS_PER_IP: "0", RATE_LIMIT_ORDERS_PER_SESSION: "x", RATE_LIMIT_DRAFTS_PER_IP: "7" })).toMatchObject({
      RATE_LIMIT_ORDERS_PER_IP: 120,
      RATE_LIMIT_ORDERS_PER_SESSION: 20,
      RATE_LIMIT_DRAFTS_PER_IP: 7,
    });
  });

  it("getConfig parses once, and again after resetConfig", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, base, { UPLOAD_URL_TTL_SECONDS: "100" });
      resetConfig();
      expect(getConfig().uploadUrlTtlSeconds).toBe(100);
      process.env.UPLOAD_URL_TTL_SECONDS = "200";
      expect(getConfig().uploadUrlTtlSeconds).toBe(100);
      resetConfig();
      expect(getConfig().uploadUrlTtlSeconds).toBe(200);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      resetConfig();
    }
  });
});
