import { getSessionId } from "@/lib/server/session/get-session";
import { handleApiError, readJson } from "@/lib/server/errors/handle-api-error";
import { getDraft } from "@/lib/server/drafts/get-draft";
import { deleteDraft, saveDraft } from "@/lib/server/drafts/save-draft";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET() {
  try {
    return Response.json(await getDraft({ sessionId: await getSessionId() }), { headers: NO_STORE });
  } catch (error: unknown) {
    return handleApiError(error, { route: "draft.get" });
  }
}

export async function PUT(request: Request) {
  try {
    const result = await saveDraft({ sessionId: await getSessionId(), body: await readJson(request) });
    return Response.json(result, { headers: NO_STORE });
  } catch (error: unknown) {
    return handleApiError(error, { route: "draft.save" });
  }
}

export async function DELETE() {
  try {
    await deleteDraft({ sessionId: await getSessionId() });
    return new Response(null, { status: 204, headers: NO_STORE });
  } catch (error: unknown) {
    return handleApiError(error, { route: "draft.delete" });
  }
}
