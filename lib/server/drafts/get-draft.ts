import "server-only";
import { draftSchema, type DraftView } from "../../contracts/draft";
import { presignDownload } from "../../platform/storage";
import { getDb } from "../../platform/db";
import { log } from "../../platform/log";

/**
 * The session's draft, keeping only photos and music that are still this
 * session's ready uploads, with a short-lived URL for each so the editor can
 * show them again after a reload or on another browser with the same cookie.
 */
export async function getDraft(input: { sessionId: string }): Promise<DraftView> {
  const db = getDb();
  const row = await db.draft.findUnique({ where: { sessionId: input.sessionId } });
  if (!row) return { draft: null, urls: {}, updatedAt: null };
  const parsed = draftSchema.safeParse(row.data);
  if (!parsed.success) {
    // A draft written by an older editor: start afresh rather than fail the page.
    log.warn({ sessionId: input.sessionId }, "draft.unreadable");
    return { draft: null, urls: {}, updatedAt: null };
  }
  const draft = parsed.data;
  const wanted = [...new Set([...draft.slides.map((slide) => slide.assetId), ...(draft.music ? [draft.music.assetId] : [])])];
  const assets = wanted.length
    ? await db.asset.findMany({
        where: { id: { in: wanted }, sessionId: input.sessionId, status: "ready" },
        select: { id: true, key: true, contentType: true },
      })
    : [];
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  draft.slides = draft.slides.filter((slide) => byId.get(slide.assetId)?.contentType.startsWith("image/"));
  if (draft.music && !byId.get(draft.music.assetId)?.contentType.startsWith("audio/")) draft.music = null;
  const kept = [...draft.slides.map((slide) => slide.assetId), ...(draft.music ? [draft.music.assetId] : [])];
  const urls = Object.fromEntries(
    await Promise.all(
      [...new Set(kept)].map(async (id) => {
        const asset = byId.get(id)!;
        return [id, await presignDownload(asset.key, { contentType: asset.contentType })] as const;
      }),
    ),
  );
  return { draft, urls, updatedAt: row.updatedAt.toISOString() };
}
