import { customerRoute } from "@/lib/server/http/route";
import { readJson } from "@/lib/server/http/read-json";
import { createOrder } from "@/lib/server/orders/create-order";
import { listOrders } from "@/lib/server/orders/list-orders";

export const POST = customerRoute({ name: "orders.create" }, async ({ request, sessionId }) => {
  const result = await createOrder({ sessionId, body: await readJson(request), idempotencyKey: request.headers.get("idempotency-key") });
  return Response.json(result, { status: 202, headers: { Location: result.statusUrl } });
});

export const GET = customerRoute({ name: "orders.list" }, async ({ sessionId }) =>
  Response.json(await listOrders({ sessionId }), { headers: { "Cache-Control": "no-store" } }),
);
