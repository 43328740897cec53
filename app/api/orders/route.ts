import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError, readJson } from "@/lib/server/errors/handle-api-error";
import { createOrder } from "@/lib/server/orders/create-order";

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
