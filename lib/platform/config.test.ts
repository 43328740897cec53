import pg from "pg";
import { describe, expect, it } from "vitest";
import { readDatabaseUrl } from "./config";

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
