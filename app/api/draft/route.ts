import { customerRoute } from "@/lib/server/http/route";
import { readJson } from "@/lib/server/http/read-json";
import { getDraft } from "@/lib/server/drafts/get-draft";
import { deleteDraft, saveDraft } from "@/lib/server/drafts/save-draft";

const NO_STORE = { "Cache-Control": "no-store" };

export const GET = customerRoute({ name: "draft.get" }, async ({ sessionId }) =>
  Response.json(await getDraft({ sessionId }), { headers: NO_STORE }),
);

export const PUT = customerRoute({ name: "draft.save" }, async ({ request, sessionId }) =>
  Response.json(await saveDraft({ sessionId, body: await readJson(request) }), { headers: NO_STORE }),
);

export const DELETE = customerRoute({ name: "draft.delete" }, async ({ sessionId }) => {
  await deleteDraft({ sessionId });
  return new Response(null, { status: 204, headers: NO_STORE });
});
