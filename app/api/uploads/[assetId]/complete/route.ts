import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError } from "@/lib/server/errors/handle-api-error";
import { completeUpload } from "@/lib/server/uploads/complete-upload";

export async function POST(_request: Request, context: RouteContext<"/api/uploads/[assetId]/complete">) {
  try {
    const { assetId } = await context.params;
    const asset = await completeUpload({ sessionId: await getSessionId(), assetId });
    return Response.json({ asset });
  } catch (error: unknown) {
    return handleApiError(error, { route: "uploads.complete" });
  }
}
