import { listWorkers } from "@/lib/platform/workers";
import { adminRoute } from "@/lib/server/http/route";

// proxy.ts refuses this route without the admin credential.
export const GET = adminRoute({ name: "admin.workers" }, async () =>
  Response.json(await listWorkers(), { headers: { "Cache-Control": "no-store" } }),
);
