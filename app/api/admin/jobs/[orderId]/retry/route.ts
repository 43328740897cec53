import { adminRoute } from "@/lib/server/http/route";
import { retryJob } from "@/lib/server/admin/retry-job";

// proxy.ts refuses this route without the admin credential.
export const POST = adminRoute<{ orderId: string }>({ name: "admin.retry", notFound: "No such order" }, async ({ params }) => {
  await retryJob(params.orderId);
  return new Response(null, { status: 202 });
});
