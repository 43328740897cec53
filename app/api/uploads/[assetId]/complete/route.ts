import { customerRoute } from "@/lib/server/http/route";
import { completeUpload } from "@/lib/server/uploads/complete-upload";

export const POST = customerRoute<{ assetId: string }>({ name: "uploads.complete", notFound: "No such upload" }, async ({ params, sessionId }) =>
  Response.json({ asset: await completeUpload({ sessionId, assetId: params.assetId }) }),
);
