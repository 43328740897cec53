import type { NextRequest } from "next/server";
import { getStats } from "@/lib/server/admin/get-stats";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function GET(request: NextRequest) {
  try {
    const stats = await getStats({ window: request.nextUrl.searchParams.get("window") });
    return Response.json(stats, { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.stats" });
  }
}
