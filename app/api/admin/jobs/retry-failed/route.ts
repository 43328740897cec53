import { retryFailedJobs } from "@/lib/server/admin/retry-failed-jobs";
import { adminRoute } from "@/lib/server/http/route";

// proxy.ts refuses this route without the admin credential.
export const POST = adminRoute({ name: "admin.retry_failed" }, async () => Response.json(await retryFailedJobs(), { status: 202 }));
