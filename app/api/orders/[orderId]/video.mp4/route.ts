import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { getOrderMediaUrl, redirectToSigned } from "@/lib/server/orders/get-order-media";

export async function GET(_request: Request, context: RouteContext<"/api/orders/[orderId]/video.mp4">) {
  try {
    const { orderId } = await context.params;
    return redirectToSigned(await getOrderMediaUrl({ sessionId: await getSessionId(), orderId, media: "video" }));
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.video" });
  }
}
