import { getJob } from "@/lib/server/admin/get-job";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function GET(_request: Request, context: RouteContext<"/api/admin/jobs/[orderId]">) {
  try {
    const { orderId } = await context.params;
    return Response.json(await getJob(orderId), { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.job" });
  }
}
