import { VideoList } from "@/components/videos/video-list";
import { getDraftSummary } from "@/lib/server/drafts/get-draft-summary";
import { listOrders } from "@/lib/server/orders/list-orders";
import { getSessionId } from "@/lib/server/session/get-session";

export const metadata = { title: "My videos — Reelmaker" };

export default async function VideosPage(props: PageProps<"/videos">) {
  const sessionId = await getSessionId();
  const [{ items }, draft, query] = await Promise.all([listOrders({ sessionId }), getDraftSummary({ sessionId }), props.searchParams]);
  const notice = query.joined === "1" ? "joined" : query.deleted === "1" ? "deleted" : null;
  return <VideoList initial={items} draft={draft} notice={notice} />;
}
