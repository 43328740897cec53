import { z } from "zod";

// One SQS message per order. It carries only ids: the spec is frozen in
// Postgres, so a message can be replayed any number of times.
export const renderMessageSchema = z.object({
  type: z.literal("render"),
  orderId: z.string().min(1),
  specVersion: z.number().int().positive(),
});

export type RenderMessage = z.infer<typeof renderMessageSchema>;
