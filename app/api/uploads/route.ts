import { customerRoute } from "@/lib/server/http/route";
import { readJson } from "@/lib/server/http/read-json";
import { createUpload } from "@/lib/server/uploads/create-upload";

export const POST = customerRoute({ name: "uploads.create" }, async ({ request, sessionId }) =>
  Response.json(await createUpload({ sessionId, body: await readJson(request) }), { status: 201 }),
);
