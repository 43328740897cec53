import { ContinueHere } from "@/components/session/continue-here";
import { getDraftSummary } from "@/lib/server/drafts/get-draft-summary";
import { listOrders } from "@/lib/server/orders/list-orders";
import { getSessionId } from "@/lib/server/session/get-session";

export const metadata = { title: "Continue here — Reelmaker", robots: { index: false, follow: false } };

/**
 * Where a "Continue on another device" link lands (/continue#token). The
 * token is in the fragment, so this page never sees it: the browser reads it
 * and asks to join once the visitor confirms (components/session/continue-here.tsx).
 */
export default async function ContinuePage() {
  const sessionId = await getSessionId();
  const [{ items }, draft] = await Promise.all([listOrders({ sessionId }), getDraftSummary({ sessionId })]);
  return <ContinueHere ownVideos={items.length} hasOwnDraft={draft !== null} />;
}
