import "server-only";
import type { DeviceLinkResponse } from "../../contracts/session";
import { getConfig } from "../../platform/config";
import { getDb } from "../../platform/db";
import { log } from "../../platform/log";
import { AppError } from "../errors/app-error";
import { createDeviceLinkToken, hashLinkId, verifyDeviceLinkToken } from "./device-link-token";

// The server side of "Continue on another device" (device-link-token.ts says
// what a token is). A session has at most one link that still works: making
// a new one stops the older ones, and "Stop this link" stops it. Never log a
// token: events carry the session id only.


export async function createDeviceLink(input: { sessionId: string; now?: Date }): Promise<DeviceLinkResponse> {
  const now = input.now ?? new Date();
  const { token, linkId, expiresAt } = createDeviceLinkToken(getConfig().sessionSecret, now);
  const db = getDb();
  await db.$transaction([
    // Expired rows are no use (a token's expiry is checked before any look-up): the session's are dropped here.
    db.deviceLink.deleteMany({ where: { sessionId: input.sessionId, expiresAt: { lt: now } } }),
    db.deviceLink.updateMany({ where: { sessionId: input.sessionId, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
    db.deviceLink.create({ data: { idHash: hashLinkId(linkId), sessionId: input.sessionId, createdAt: now, expiresAt } }),
  ]);
  log.info({ sessionId: input.sessionId, expiresAt }, "device_link.created");
  return { path: `/continue#${token}`, expiresAt: expiresAt.toISOString() };
}

/** Stops every link of this session that has not been used. */
export async function revokeDeviceLinks(input: { sessionId: string }): Promise<{ revoked: number }> {
  const { count } = await getDb().deviceLink.updateMany({ where: { sessionId: input.sessionId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  log.info({ sessionId: input.sessionId, revoked: count }, "device_link.revoked");
  return { revoked: count };
}

const NOT_VALID = "This link is not valid. Make a new one on your other device (My videos → Continue on another device).";

/**
 * Uses a link once: returns the session it joins. Forged or malformed: 404
 * (no database look-up before the signature holds); expired, used or
 * stopped: 410, each with its reason. The use is one conditional update, so
 * two browsers opening one link at once cannot both join.
 */
export async function redeemDeviceLink(input: { token: unknown; sessionId: string; now?: Date }): Promise<{ sessionId: string }> {
  const now = input.now ?? new Date();
  const check = verifyDeviceLinkToken(input.token, getConfig().sessionSecret, now);
  if (!check.ok) {
    log.warn({ sessionId: input.sessionId, reason: check.reason }, "device_link.refused");
    if (check.reason === "expired") throw new AppError("gone", "This link has expired (links work for 15 minutes). Make a new one on your other device.");
    throw new AppError("not_found", NOT_VALID);
  }
  const db = getDb();
  const idHash = hashLinkId(check.linkId);
  const { count } = await db.deviceLink.updateMany({ where: { idHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  const link = await db.deviceLink.findUnique({ where: { idHash } });
  if (!link) throw new AppError("not_found", NOT_VALID);
  if (count === 0) {
    log.warn({ sessionId: input.sessionId, reason: link.usedAt ? "used" : link.revokedAt ? "revoked" : "expired" }, "device_link.refused");
    if (link.usedAt) throw new AppError("gone", "This link was already used. Each link opens once: make a new one on your other device.");
    if (link.revokedAt) throw new AppError("gone", "This link was stopped on the device that made it. Make a new one there.");
    throw new AppError("gone", "This link has expired (links work for 15 minutes). Make a new one on your other device.");
  }
  log.info({ sessionId: link.sessionId, joinedFrom: input.sessionId }, "device_link.used");
  return { sessionId: link.sessionId };
}
