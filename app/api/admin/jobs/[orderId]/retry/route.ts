import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { retryJob } from "@/lib/server/admin/retry-job";

// proxy.ts refuses this route without the admin credential.
export async function POST(_request: Request, context: RouteContext<"/api/admin/jobs/[orderId]/retry">) {
  try {
    const { orderId } = await context.params;
    await retryJob(orderId);
    return new Response(null, { status: 202 });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.retry" });
  }
}
