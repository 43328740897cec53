import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError, readJson } from "@/lib/server/errors/handle-api-error";
import { createUpload } from "@/lib/server/uploads/create-upload";

export async function POST(request: Request) {
  try {
    const result = await createUpload({ sessionId: await getSessionId(), body: await readJson(request) });
    return Response.json(result, { status: 201 });
  } catch (error: unknown) {
    return handleApiError(error, { route: "uploads.create" });
  }
}
