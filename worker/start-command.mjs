import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Prints the render worker's start command for worker/package.json's start
// script, which runs it with `cmd=$(node start-command.mjs) && eval "exec $cmd"`: the
// malloc settings (each unless the environment has it) and the Node flags of
// runtime.json, written nowhere else (worker/src/runtime.ts says why each).
// `env` and then node replace the shell one after the other, so the worker
// is the one process npm (or a container runtime) signals.

const runtime = JSON.parse(readFileSync(new URL("./runtime.json", import.meta.url), "utf8"));

/** @param {Record<string, string | undefined>} env */
export function workerStartCommand(env = process.env) {
  const mallocEnv = Object.fromEntries(Object.entries(runtime.mallocEnv).map(([key, value]) => [key, env[key] || value]));
  return { env: mallocEnv, argv: ["node", ...runtime.nodeFlags, "--import", "tsx", "src/main.ts"] };
}

/** Single-quoted for sh. */
const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { env, argv } = workerStartCommand();
  process.stdout.write(["env", ...Object.entries(env).map(([key, value]) => quote(`${key}=${value}`)), ...argv.map(quote)].join(" ") + "\n");
}
