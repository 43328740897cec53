import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError, readJson } from "@/lib/server/errors/handle-api-error";
import { createOrder } from "@/lib/server/orders/create-order";
import { listOrders } from "@/lib/server/orders/list-orders";

export async function POST(request: Request) {
  try {
    const result = await createOrder({
      sessionId: await getSessionId(),
      body: await readJson(request),
      idempotencyKey: request.headers.get("idempotency-key"),
    });
    return Response.json(result, { status: 202, headers: { Location: result.statusUrl } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.create" });
  }
}

export async function GET() {
  try {
    return Response.json(await listOrders({ sessionId: await getSessionId() }), { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "orders.list" });
  }
}
