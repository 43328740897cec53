import "server-only";
import { z } from "zod";
import { orderStatusSchema, type AdminJobsPage } from "../../contracts/order";
import { idSchema } from "../../contracts/story-spec";
import { getQueueDepth } from "../aws/render-queue";
import { getDb } from "../db/client";
import { log } from "../log";
import { getOrderTitle } from "../orders/get-order";

export const PAGE_SIZE = 50;

const listJobsQuerySchema = z.object({
  status: orderStatusSchema.optional(),
  cursor: idSchema("cursor").optional(),
});

/** Every order, newest first, with the queue's depth (null if SQS is down). */
export async function listJobs(query: { status?: string | null; cursor?: string | null }): Promise<AdminJobsPage> {
  const { status, cursor } = listJobsQuerySchema.parse({
    status: query.status || undefined,
    cursor: query.cursor || undefined,
  });
  const rows = await getDb().order.findMany({
    where: status ? { status } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
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
    })),
    nextCursor: rows.length > PAGE_SIZE ? page[page.length - 1].id : null,
    queue,
  };
}
