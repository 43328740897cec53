import type { NextRequest } from "next/server";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { listJobs } from "@/lib/server/admin/list-jobs";

// proxy.ts refuses this route without the admin credential.
export async function GET(request: NextRequest) {
  try {
    const { searchParams } = request.nextUrl;
    const page = await listJobs({ status: searchParams.get("status"), cursor: searchParams.get("cursor"), q: searchParams.get("q") });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.jobs" });
  }
}
