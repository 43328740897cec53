import { redriveDeadLetters } from "@/lib/server/admin/redrive-dead-letters";
import { adminRoute } from "@/lib/server/http/route";

// proxy.ts refuses this route without the admin credential.
export const POST = adminRoute({ name: "admin.redrive" }, async () => Response.json(await redriveDeadLetters(), { status: 202 }));
