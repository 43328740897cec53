import { adminRoute } from "@/lib/server/http/route";
import { listJobs } from "@/lib/server/admin/list-jobs";

// proxy.ts refuses this route without the admin credential.
export const GET = adminRoute({ name: "admin.jobs" }, async ({ request }) => {
  const { searchParams } = new URL(request.url);
  const page = await listJobs({ status: searchParams.get("status"), cursor: searchParams.get("cursor"), q: searchParams.get("q") });
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
