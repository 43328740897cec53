import { listWorkers } from "@/lib/server/fleet/list-workers";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function GET() {
  try {
    return Response.json(await listWorkers(), { headers: { "Cache-Control": "no-store" } });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.workers" });
  }
}
