// postinstall: generate the Prisma client. The Prisma CLI tries to download
// its native schema engine on first use, which fails offline; `generate`
// does not need it, so point it at /bin/false when nothing else is set.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env, shell: false });
process.exit(result.status ?? 1);
