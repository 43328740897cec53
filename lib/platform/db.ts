import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../server/db/generated/client";
import { getConfig } from "./config";

export { Prisma } from "../server/db/generated/client";
export type { Asset, Order } from "../server/db/generated/client";

// One client per process; Next.js dev reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { reelmakerDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.reelmakerDb ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: getConfig().databaseUrl }),
  });
  return globalForDb.reelmakerDb;
}
