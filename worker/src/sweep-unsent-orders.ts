import { getDb } from "../../lib/platform/db";
import { enqueueOrder } from "../../lib/platform/enqueue-order";

/**
 * Orders accepted while SQS was unreachable have no enqueuedAt; send them
 * now. Returns how many were sent. A rare duplicate send is harmless.
 */
export async function sweepUnsentOrders(input: { olderThanMs: number }): Promise<number> {
  const stale = await getDb().order.findMany({
    where: { status: "queued", enqueuedAt: null, createdAt: { lt: new Date(Date.now() - input.olderThanMs) } },
    select: { id: true },
    take: 100,
  });
  let sent = 0;
  for (const { id } of stale) if (await enqueueOrder(id)) sent += 1;
  return sent;
}
