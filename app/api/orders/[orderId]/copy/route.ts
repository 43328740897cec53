import { customerRoute } from "@/lib/server/http/route";
import { copyOrderToDraft } from "@/lib/server/drafts/copy-order-to-draft";

export const POST = customerRoute<{ orderId: string }>({ name: "orders.copy", notFound: "No such order" }, async ({ params, sessionId }) =>
  Response.json(await copyOrderToDraft({ sessionId, orderId: params.orderId }), { status: 201, headers: { "Cache-Control": "no-store" } }),
);
