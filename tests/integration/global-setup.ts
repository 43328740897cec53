import { rm } from "node:fs/promises";
import path from "node:path";
import { ROOT, startLocalStack } from "../../scripts/local-stack";

// Real Postgres and the S3/SQS emulator, on their own ports and a fresh
// folder, for the integration tests. The environment set here is inherited
// by the test processes Vitest starts afterwards.
export default async function setup() {
  // Inside the repo: the embedded Postgres runs as its own user, which
  // cannot enter root's private temp folders.
  // IT_NAME lets two runs (e.g. two checkouts or agents) use separate folders.
  const dataDir = path.join(ROOT, ".data", process.env.IT_NAME ?? "test-integration");
  await rm(dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({
    dataDir,
    pgPort: Number(process.env.IT_PG_PORT ?? 55433),
    s3Port: Number(process.env.IT_S3_PORT ?? 45681),
    sqsPort: Number(process.env.IT_SQS_PORT ?? 45661),
    allowedOrigins: ["http://localhost"],
    maxReceiveCount: 2,
    visibilityTimeoutSeconds: 30,
  });
  Object.assign(process.env, stack.env, { SESSION_SECRET: "integration-test-secret-0123456789", LOG_LEVEL: "warn" });
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
