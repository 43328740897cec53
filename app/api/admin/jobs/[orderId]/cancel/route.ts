import { adminRoute } from "@/lib/server/http/route";
import { cancelOrder } from "@/lib/server/orders/cancel-order";

// proxy.ts refuses this route without the admin credential.
export const POST = adminRoute<{ orderId: string }>({ name: "admin.cancel", notFound: "No such order" }, async ({ params }) =>
  Response.json(await cancelOrder({ orderId: params.orderId, by: "operator" })),
);
