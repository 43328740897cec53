import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { retryOrder } from "@/lib/server/orders/retry-order";

export async function POST(_request: Request, context: RouteContext<"/api/orders/[orderId]/retry">) {
  try {
    const { orderId } = await context.params;
    const result = await retryOrder({ sessionId: await getSessionId(), orderId });
    return Response.json(result, { status: 202, headers: { Location: result.statusUrl } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.retry" });
  }
}
