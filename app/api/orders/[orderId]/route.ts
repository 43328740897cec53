import { customerRoute } from "@/lib/server/http/route";
import { deleteOrder } from "@/lib/server/orders/delete-order";
import { getOrder } from "@/lib/server/orders/get-order";

export const GET = customerRoute<{ orderId: string }>({ name: "orders.get", notFound: "No such order" }, async ({ params, sessionId }) =>
  Response.json(await getOrder({ sessionId, orderId: params.orderId }), { headers: { "Cache-Control": "no-store" } }),
);

/** Deletes the video: its files leave S3, its links answer 410 (lib/server/orders/delete-order.ts). */
export const DELETE = customerRoute<{ orderId: string }>({ name: "orders.delete", notFound: "No such order" }, async ({ params, sessionId }) =>
  Response.json(await deleteOrder({ sessionId, orderId: params.orderId }), { headers: { "Cache-Control": "no-store" } }),
);
