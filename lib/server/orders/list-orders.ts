import "server-only";
import type { OrderList, OrderSummary } from "../../contracts/order";
import { storySpecSchema } from "../../contracts/story-spec";
import { computeTimeline } from "../../timeline";
import { orderMediaPath } from "./get-order-media";
import { getUnreadableInput } from "./get-order";
import { getDb } from "../../platform/db";

/** How many orders "My videos" shows; older ones are still reachable by their link. */
export const ORDER_LIST_LIMIT = 100;

/** This session's orders, newest first, each with its poster once done. */
export async function listOrders(input: { sessionId: string }): Promise<OrderList> {
  const orders = await getDb().order.findMany({
    where: { sessionId: input.sessionId, deletedAt: null },
    orderBy: { createdAt: "desc" },
    take: ORDER_LIST_LIMIT,
  });
  const items = await Promise.all(
    orders.map(async (order): Promise<OrderSummary> => {
      const spec = storySpecSchema.safeParse(order.spec);
      const planned = spec.success ? computeTimeline(spec.data).durationMs : null;
      const summary: OrderSummary = {
        id: order.id,
        title: spec.success ? (spec.data.title ?? spec.data.titleCard?.title ?? null) : null,
        status: order.status,
        progress: order.progress,
        createdAt: order.createdAt.toISOString(),
        slides: spec.success ? spec.data.slides.length : 0,
        durationMs: order.durationMs ?? planned,
      };
      const unreadable = getUnreadableInput(order);
      if (unreadable) summary.unreadableInput = unreadable;
      if (order.status === "done" && order.posterKey) {
        summary.posterUrl = orderMediaPath(order.id, "poster");
      }
      return summary;
    }),
  );
  return { items };
}
