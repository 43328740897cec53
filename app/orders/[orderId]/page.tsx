import { notFound } from "next/navigation";
import { OrderStatusView } from "@/components/orders/order-status";
import { AppError } from "@/lib/server/errors/app-error";
import { getDraftSummary } from "@/lib/server/drafts/get-draft-summary";
import { getOrder } from "@/lib/server/orders/get-order";
import { getSessionId } from "@/lib/server/session/get-session";

export const metadata = { title: "Your video — Reelmaker" };

export default async function OrderPage(props: PageProps<"/orders/[orderId]">) {
  const { orderId } = await props.params;
  const sessionId = await getSessionId();
  const order = await getOrder({ sessionId, orderId }).catch((error: unknown) => {
    // A deleted video and another browser's are both "not here" (app/orders/[orderId]/not-found.tsx says which it may be).
    if (error instanceof AppError && (error.code === "not_found" || error.code === "gone")) notFound();
    throw error;
  });
  const draft = await getDraftSummary({ sessionId });
  return <OrderStatusView initial={order} hasDraft={draft !== null} />;
}
