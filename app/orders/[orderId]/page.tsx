import { notFound } from "next/navigation";
import { OrderStatusView } from "@/components/orders/order-status";
import { AppError } from "@/lib/server/errors/app-error";
import { getOrder } from "@/lib/server/orders/get-order";
import { getSessionId } from "@/lib/server/session/get-session";

export const metadata = { title: "Your video — Reelmaker" };

export default async function OrderPage(props: PageProps<"/orders/[orderId]">) {
  const { orderId } = await props.params;
  const order = await getOrder({ sessionId: await getSessionId(), orderId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return <OrderStatusView initial={order} />;
}
