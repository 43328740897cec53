import "server-only";
import { z } from "zod";
import { orderStatusSchema, type AdminJobsPage } from "../../contracts/order";
import { idSchema } from "../../contracts/story-spec";
import { getQueueDepth } from "../../platform/render-queue";
import { getDb } from "../../platform/db";
import { log } from "../../platform/log";
import { getOrderTitle } from "../orders/download-name";

export const PAGE_SIZE = 50;

const listJobsQuerySchema = z.object({
  status: orderStatusSchema.optional(),
  cursor: idSchema("cursor").optional(),
  q: z.string().trim().max(200).optional(),
});

/** `text` for a LIKE pattern, its own %, _ and backslash taken literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Ids of the orders whose id starts with `q`, or whose title or error (shown or internal) contains it; newest first. */
async function searchOrderIds(q: string, status: string | undefined): Promise<string[]> {
  const pattern = `%${escapeLike(q)}%`;
  const rows = await getDb().$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Order"
    WHERE (id ILIKE ${`${escapeLike(q)}%`} OR spec->>'title' ILIKE ${pattern} OR error ILIKE ${pattern} OR "errorDetail" ILIKE ${pattern})
      AND (${status ?? null}::text IS NULL OR status::text = ${status ?? null}::text)
    ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE_SIZE}`;
  return rows.map((r) => r.id);
}

/** Every order, newest first, with the queue's depth (null if SQS is down). */
export async function listJobs(query: { status?: string | null; cursor?: string | null; q?: string | null }): Promise<AdminJobsPage> {
  const { status, cursor, q } = listJobsQuerySchema.parse({
    status: query.status || undefined,
    cursor: query.cursor || undefined,
    q: query.q || undefined,
  });
  // A search shows its first PAGE_SIZE matches, without further pages.
  const ids = q ? await searchOrderIds(q, status) : null;
  const rows = await getDb().order.findMany({
    where: { ...(status ? { status } : {}), ...(ids ? { id: { in: ids } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(cursor && !ids ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, PAGE_SIZE);
  const queue = await getQueueDepth().catch((error: unknown) => {
    log.warn({ err: error }, "admin.queue_depth_failed");
    return null;
  });
  return {
    items: page.map((order) => ({
      id: order.id,
      title: getOrderTitle(order),
      status: order.status,
      progress: order.progress,
      attempts: order.attempts,
      workerHost: order.workerHost,
      slides: Array.isArray((order.spec as { slides?: unknown }).slides) ? (order.spec as { slides: unknown[] }).slides.length : 0,
      createdAt: order.createdAt.toISOString(),
      startedAt: order.startedAt?.toISOString() ?? null,
      finishedAt: order.finishedAt?.toISOString() ?? null,
      error: order.error,
      errorDetail: order.errorDetail,
      renderMs: order.renderMs,
      queueWaitMs: order.queueWaitMs,
    })),
    nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1].id : null,
    queue,
  };
}
