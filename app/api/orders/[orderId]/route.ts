import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { getOrder } from "@/lib/server/orders/get-order";

export async function GET(_request: Request, context: RouteContext<"/api/orders/[orderId]">) {
  try {
    const { orderId } = await context.params;
    const order = await getOrder({ sessionId: await getSessionId(), orderId });
    return Response.json(order, { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.get" });
  }
}
