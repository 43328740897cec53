import { customerRoute } from "@/lib/server/http/route";
import { retryOrder } from "@/lib/server/orders/retry-order";

export const POST = customerRoute<{ orderId: string }>({ name: "orders.retry", notFound: "No such order" }, async ({ params, sessionId }) => {
  const result = await retryOrder({ sessionId, orderId: params.orderId });
  return Response.json(result, { status: 202, headers: { Location: result.statusUrl } });
});
