import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { getConfig } from "../config";

export { Prisma } from "./generated/client";
export type { Asset, Order } from "./generated/client";

// One client per process; Next.js dev reloads modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { reelmakerDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.reelmakerDb ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: getConfig().databaseUrl }),
  });
  return globalForDb.reelmakerDb;
}
