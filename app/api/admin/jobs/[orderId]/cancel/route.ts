import { cancelOrder } from "@/lib/server/orders/cancel-order";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function POST(_request: Request, context: RouteContext<"/api/admin/jobs/[orderId]/cancel">) {
  try {
    const { orderId } = await context.params;
    return Response.json(await cancelOrder({ orderId, by: "operator" }));
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.cancel" });
  }
}
