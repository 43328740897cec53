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
    // Server and worker code logs through lib/platform/log (pino), never console.
    files: ["lib/**/*.ts", "worker/**/*.ts", "app/**/*.ts", "proxy.ts"],
    rules: { "no-console": "error" },
  },
  {
    // The worker and the scripts run as plain Node: they use lib/platform
    // (config, database, S3/SQS, storage, log), never the web-only lib/server
    // ("server-only" throws outside Next's react-server condition).
    files: ["worker/**/*.{ts,mts,mjs}", "scripts/**/*.{ts,mts,mjs}"],
    // The fleet benchmark plays the web app in its own process (npm run bench:fleet).
    ignores: ["scripts/fleet/bench-fleet.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/lib/server", "**/lib/server/**", "@/lib/server/**"], message: "worker/ and scripts/ run as plain Node: import lib/platform, not the web-only lib/server." }] },
      ],
    },
  },
  {
    // Components run in the browser too: no server modules, not even shared ones.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/lib/server", "**/lib/server/**", "@/lib/server/**", "**/lib/platform", "**/lib/platform/**", "@/lib/platform/**"],
              message: "components/ must not import lib/server or lib/platform: fetch through the API, or take the data as props.",
            },
          ],
        },
      ],
    },
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
