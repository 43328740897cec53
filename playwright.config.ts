import { rmSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The e2e suite drives Debian's chromium against the whole local stack
// (`scripts/launch.ts`: Postgres, S3/SQS emulator, web, worker) started on
// its own ports with a fresh data folder, with two web processes (the
// standalone server `next build` makes, as the web image runs it).
const PORT = Number(process.env.E2E_PORT ?? 3100);
/** A second web process on the same stack (e2e/shared-limits.spec.ts): E2E_PORT_2, default E2E_PORT + 1. */
export const SECOND_WEB_PORT = Number(process.env.E2E_PORT_2 ?? PORT + 1);
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";
export const E2E_METRICS_TOKEN = "e2e-metrics-token";
/** New sessions per address and minute in the e2e stack: every test's browser comes from 127.0.0.1. */
export const E2E_SESSIONS_PER_IP = 300;
const dataDir = path.join(import.meta.dirname, ".data", "test-e2e");
if (!process.env.REELMAKER_E2E_STARTED) {
  // The config is loaded again by each test worker; wipe only once.
  rmSync(dataDir, { recursive: true, force: true });
  process.env.REELMAKER_E2E_STARTED = "1";
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node --import tsx scripts/launch.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      PORT: String(PORT),
      WEB_PORTS: `${PORT},${SECOND_WEB_PORT}`,
      REELMAKER_DATA_DIR: dataDir,
      PG_PORT: process.env.E2E_PG_PORT ?? "55434",
      EMU_S3_PORT: process.env.E2E_S3_PORT ?? "45682",
      EMU_SQS_PORT: process.env.E2E_SQS_PORT ?? "45662",
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      RATE_LIMIT_SESSIONS_PER_IP: String(E2E_SESSIONS_PER_IP),
      TRUSTED_PROXY_HOPS: "0",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      S3_BUCKET: "",
      SQS_QUEUE_URL: "",
    },
  },
});
