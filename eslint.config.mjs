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
  {
    // Imports go one way: a cycle fails lint (eslint-plugin-import comes with eslint-config-next).
    files: ["**/*.{ts,tsx,mts,mjs}"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // A source file past ~300 lines is probably doing two things: a warning, to split it.
    files: ["**/*.{ts,tsx,mts,mjs}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "**/*.spec.ts"],
    rules: { "max-lines": ["warn", { max: 300, skipBlankLines: true, skipComments: true }] },
  },
]);

export default eslintConfig;
