import { customerRoute } from "@/lib/server/http/route";
import { cancelOrder } from "@/lib/server/orders/cancel-order";

export const POST = customerRoute<{ orderId: string }>({ name: "orders.cancel", notFound: "No such order" }, async ({ params, sessionId }) =>
  Response.json(await cancelOrder({ orderId: params.orderId, sessionId, by: "customer" })),
);
