import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const eslintConfig = defineConfig([
  ...nextVitals,
  ...nextTs,
  // Override default ignores of eslint-config-next.
  globalIgnores([
    // Default ignores of eslint-config-next:
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".data/**",
    "lib/server/db/generated/**",
    "test-results/**",
    "playwright-report/**",
    "deploy/aws/cdk.out/**",
  ]),
  {
    // Server and worker code logs through lib/server/log (pino), never console.
    files: ["lib/**/*.ts", "worker/**/*.ts", "app/**/*.ts", "proxy.ts"],
    rules: { "no-console": "error" },
  },
]);

export default eslintConfig;
