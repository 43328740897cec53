// "Continue on another device" (lib/server/session/device-links.ts).

/** POST /api/session/links: a one-time link to this session, the token in the fragment (`/continue#…`), and when it stops working. */
export type DeviceLinkResponse = { path: string; expiresAt: string };
