import "server-only";
import { draftSchema, type Draft } from "../../contracts/draft";
import { getDb } from "../../platform/db";

/** Stores the session's draft (one per session), replacing the previous one. */
export async function saveDraft(input: { sessionId: string; body: unknown }): Promise<{ updatedAt: string }> {
  const data: Draft = draftSchema.parse(input.body);
  const row = await getDb().draft.upsert({
    where: { sessionId: input.sessionId },
    create: { sessionId: input.sessionId, data },
    update: { data },
    select: { updatedAt: true },
  });
  return { updatedAt: row.updatedAt.toISOString() };
}

/** Forgets the draft, e.g. once the customer starts a new story. */
export async function deleteDraft(input: { sessionId: string }): Promise<void> {
  await getDb().draft.deleteMany({ where: { sessionId: input.sessionId } });
}
