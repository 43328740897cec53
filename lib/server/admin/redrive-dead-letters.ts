import "server-only";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { renderMessageSchema } from "../../contracts/queue-message";
import { getSqs } from "../../platform/aws";
import { getConfig } from "../../platform/config";
import { getDb } from "../../platform/db";
import { AppError } from "../errors/app-error";
import { log } from "../../platform/log";
import { REQUEUEABLE, REQUEUE_FIELDS } from "./retry-job";

/** At most this many messages are moved per call. */
export const REDRIVE_MAX = 1000;

/**
 * Moves every dead-lettered message back to the render queue (same body;
 * sent before it is deleted, so a crash in between duplicates a message,
 * which rendering tolerates, and never loses one), and puts each message's
 * order back in the queue if it had failed: the give-up path marked it
 * failed when the message ran out of receives. Returns the messages moved
 * and the orders re-queued.
 */
export async function redriveDeadLetters(): Promise<{ count: number; requeued: number }> {
  const { queueUrl, deadLetterQueueUrl } = getConfig();
  if (!deadLetterQueueUrl) throw new AppError("conflict", "No dead-letter queue is configured (SQS_DLQ_URL)");
  const sqs = getSqs();
  const db = getDb();
  let count = 0;
  let requeued = 0;
  let emptyReceives = 0;
  // An empty short poll does not prove the queue empty on SQS: two in a row do here.
  while (count < REDRIVE_MAX && emptyReceives < 2) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
    );
    if (messages.length === 0) {
      emptyReceives += 1;
      continue;
    }
    emptyReceives = 0;
    for (const message of messages) {
      const parsed = renderMessageSchema.safeParse(safeJson(message.Body));
      if (parsed.success) {
        const updated = await db.order.updateMany({ where: { id: parsed.data.orderId, status: "failed", ...REQUEUEABLE }, data: REQUEUE_FIELDS });
        requeued += updated.count;
      }
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.Body ?? "" }));
      if (parsed.success) await db.order.updateMany({ where: { id: parsed.data.orderId, enqueuedAt: null }, data: { enqueuedAt: new Date() } });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }));
      count += 1;
    }
  }
  log.info({ count, requeued }, "admin.dead_letters_redriven");
  return { count, requeued };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return null;
  }
}
