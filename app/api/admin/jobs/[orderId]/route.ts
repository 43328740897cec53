import { getJob } from "@/lib/server/admin/get-job";
import { adminRoute } from "@/lib/server/http/route";

// proxy.ts refuses this route without the admin credential.
export const GET = adminRoute<{ orderId: string }>({ name: "admin.job", notFound: "No such order" }, async ({ params }) =>
  Response.json(await getJob(params.orderId), { headers: { "Cache-Control": "no-store" } }),
);
