import { VideoList } from "@/components/videos/video-list";
import { listOrders } from "@/lib/server/orders/list-orders";
import { getSessionId } from "@/lib/server/session/get-session";

export const metadata = { title: "My videos — Reelmaker" };

export default async function VideosPage() {
  const { items } = await listOrders({ sessionId: await getSessionId() });
  return <VideoList initial={items} />;
}
