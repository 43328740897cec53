import { z } from "zod";

/** An order id as the server makes them (session-token.ts createId: 16 random bytes, base64url). */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

// One SQS message per order. It carries only ids: the spec is frozen in
// Postgres, so a message can be replayed any number of times. A message is
// untrusted input too: an order id of any other shape (a NUL byte makes
// Postgres throw, which would look like an outage and be retried into the
// dead-letter queue) is refused before it reaches the database.
export const renderMessageSchema = z.object({
  type: z.literal("render"),
  orderId: z.string().regex(ORDER_ID_PATTERN),
  specVersion: z.number().int().positive(),
});

export type RenderMessage = z.infer<typeof renderMessageSchema>;
