import { customerRoute } from "@/lib/server/http/route";
import { getOrderMediaUrl, redirectToSigned } from "@/lib/server/orders/get-order-media";

export const GET = customerRoute<{ orderId: string }>({ name: "orders.poster", notFound: "No such order" }, async ({ params, sessionId }) =>
  redirectToSigned(await getOrderMediaUrl({ sessionId, orderId: params.orderId, media: "poster" })),
);
