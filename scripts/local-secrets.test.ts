import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { loadLocalSecrets, secretsFile } from "./local-secrets";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "secrets-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("generates every secret once, keeps them, and writes the file 0600", async () => {
  const first = await loadLocalSecrets(dir);
  expect(Object.keys(first).sort()).toEqual(["adminPassword", "emulatorAccessKeyId", "emulatorSecretAccessKey", "postgresPassword", "sessionSecret"]);
  expect(first.postgresPassword).toMatch(/^[0-9a-f]{48}$/);
  expect(first.emulatorSecretAccessKey.length).toBeGreaterThanOrEqual(40);
  expect((await stat(secretsFile(dir))).mode & 0o777).toBe(0o600);
  expect(await loadLocalSecrets(dir)).toEqual(first);
  const other = await mkdtemp(path.join(os.tmpdir(), "secrets-"));
  try {
    expect((await loadLocalSecrets(other)).emulatorSecretAccessKey).not.toBe(first.emulatorSecretAccessKey);
  } finally {
    await rm(other, { recursive: true, force: true });
  }
});

it("adds what an older file lacks without touching what it has, and tightens its mode", async () => {
  await writeFile(secretsFile(dir), JSON.stringify({ sessionSecret: "old-session", adminPassword: "old-admin" }), { mode: 0o644 });
  const secrets = await loadLocalSecrets(dir);
  expect(secrets).toMatchObject({ sessionSecret: "old-session", adminPassword: "old-admin" });
  expect(secrets.postgresPassword).toBeTruthy();
  expect(JSON.parse(await readFile(secretsFile(dir), "utf8"))).toEqual(secrets);
  expect((await stat(secretsFile(dir))).mode & 0o777).toBe(0o600);
});

it("refuses a damaged file rather than replacing it", async () => {
  await writeFile(secretsFile(dir), "{ not json");
  await expect(loadLocalSecrets(dir)).rejects.toThrow(/not valid JSON/);
  expect(await readFile(secretsFile(dir), "utf8")).toBe("{ not json");
});
