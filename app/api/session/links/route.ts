import { customerRoute } from "@/lib/server/http/route";
import { createDeviceLink, revokeDeviceLinks } from "@/lib/server/session/device-links";

const NO_STORE = { "Cache-Control": "no-store" };

/** A one-time link (15 minutes) that opens this session on another device; older unused links stop working. */
export const POST = customerRoute({ name: "session.links.create" }, async ({ sessionId }) =>
  Response.json(await createDeviceLink({ sessionId }), { status: 201, headers: NO_STORE }),
);

/** Stops this session's unused links. */
export const DELETE = customerRoute({ name: "session.links.revoke" }, async ({ sessionId }) =>
  Response.json(await revokeDeviceLinks({ sessionId }), { headers: NO_STORE }),
);
