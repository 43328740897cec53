import { redriveDeadLetters } from "@/lib/server/admin/redrive-dead-letters";
import { handleApiError } from "@/lib/server/errors/handle-api-error";

// proxy.ts refuses this route without the admin credential.
export async function POST() {
  try {
    return Response.json(await redriveDeadLetters(), { status: 202 });
  } catch (error: unknown) {
    return handleApiError(error, { route: "admin.redrive" });
  }
}
