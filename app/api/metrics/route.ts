import { getMetricsConfig, isMetricsAuthorized, renderMetrics } from "@/lib/server/admin/metrics";
import { errorResponse, handleApiError } from "@/lib/server/errors/handle-api-error";

// Prometheus scrape: the admin credential or `Authorization: Bearer <METRICS_TOKEN>`
// (checked here: proxy.ts gates only /admin and /api/admin).
export async function GET(request: Request) {
  if (!isMetricsAuthorized(request.headers.get("authorization"), getMetricsConfig())) {
    return errorResponse("unauthorized", "Admin credentials or the metrics token required", {
      headers: { "Cache-Control": "no-store", "WWW-Authenticate": 'Basic realm="Reelmaker admin", charset="UTF-8"' },
    });
  }
  try {
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "metrics" });
  }
}
