import { customerRoute } from "@/lib/server/http/route";
import { getOrder } from "@/lib/server/orders/get-order";

export const GET = customerRoute<{ orderId: string }>({ name: "orders.get", notFound: "No such order" }, async ({ params, sessionId }) =>
  Response.json(await getOrder({ sessionId, orderId: params.orderId }), { headers: { "Cache-Control": "no-store" } }),
);
