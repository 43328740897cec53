import { retryFailedJobs } from "@/lib/server/admin/retry-failed-jobs";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function POST() {
  try {
    return Response.json(await retryFailedJobs(), { status: 202 });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.retry_failed" });
  }
}
