import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { cancelOrder } from "@/lib/server/orders/cancel-order";

export async function POST(_request: Request, context: RouteContext<"/api/orders/[orderId]/cancel">) {
  try {
    const { orderId } = await context.params;
    return Response.json(await cancelOrder({ orderId, sessionId: await getSessionId(), by: "customer" }));
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.cancel" });
  }
}
