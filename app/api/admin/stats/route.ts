import { getStats } from "@/lib/server/admin/get-stats";
import { adminRoute } from "@/lib/server/http/route";

// proxy.ts refuses this route without the admin credential.
export const GET = adminRoute({ name: "admin.stats" }, async ({ request }) => {
  const stats = await getStats({ window: new URL(request.url).searchParams.get("window") });
  return Response.json(stats, { headers: { "Cache-Control": "no-store" } });
});
