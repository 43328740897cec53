import "server-only";
import { draftSchema } from "../../contracts/draft";
import { getDb } from "../../platform/db";

/** How far the session's draft has got, for the home page's "continue" button. */
export async function getDraftSummary(input: { sessionId: string }): Promise<{ photos: number; updatedAt: string } | null> {
  const row = await getDb().draft.findUnique({ where: { sessionId: input.sessionId } });
  const parsed = row ? draftSchema.safeParse(row.data) : null;
  if (!row || !parsed?.success || parsed.data.slides.length === 0) return null;
  return { photos: parsed.data.slides.length, updatedAt: row.updatedAt.toISOString() };
}
