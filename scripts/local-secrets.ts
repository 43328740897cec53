import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

// The local stack's secrets, generated on first start and kept in
// <data folder>/secrets.json (mode 0600), so sessions, the admin password,
// Postgres and the S3/SQS emulator keep the same credentials across restarts.
// A field missing from an older file is generated and added; existing ones are
// never replaced. Never log any of them.

export type LocalSecrets = {
  /** Signs session cookies (SESSION_SECRET). */
  sessionSecret: string;
  /** The admin area's password (ADMIN_PASSWORD). */
  adminPassword: string;
  /** The embedded Postgres superuser's password. */
  postgresPassword: string;
  /** The one access key the emulator accepts, and its secret. */
  emulatorAccessKeyId: string;
  emulatorSecretAccessKey: string;
};

const generators: { [K in keyof LocalSecrets]: () => string } = {
  sessionSecret: () => randomBytes(32).toString("base64url"),
  adminPassword: () => randomBytes(12).toString("base64url"),
  // Hex: safe unescaped in a connection URL.
  postgresPassword: () => randomBytes(24).toString("hex"),
  emulatorAccessKeyId: () => `LOCAL${randomBytes(8).toString("hex").toUpperCase()}`,
  emulatorSecretAccessKey: () => randomBytes(30).toString("base64url"),
};

export const secretsFile = (dataDir: string) => path.join(dataDir, "secrets.json");

export async function loadLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = secretsFile(dataDir);
  let stored: Partial<Record<keyof LocalSecrets, unknown>> = {};
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    try {
      stored = JSON.parse(text) as typeof stored;
    } catch {
      // Never overwrite it: Postgres and the sessions depend on what it held.
      throw new Error(`${file} is not valid JSON; fix or restore it (deleting it loses access to the local database)`);
    }
  }
  const secrets = { ...stored } as Record<string, unknown>;
  let added = false;
  for (const [name, generate] of Object.entries(generators)) {
    if (typeof secrets[name] === "string" && secrets[name]) continue;
    secrets[name] = generate();
    added = true;
  }
  if (added) {
    await mkdir(dataDir, { recursive: true });
    // Write beside it and rename, so a crash never leaves half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, file);
  } else if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
  }
  return secrets as LocalSecrets;
}
