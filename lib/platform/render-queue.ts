import { GetQueueAttributesCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { QueueDepth } from "../contracts/order";
import { type RenderMessage } from "../contracts/queue-message";
import { getConfig } from "./config";
import { getSqs } from "./aws";

export async function sendRenderMessage(message: RenderMessage): Promise<void> {
  await getSqs().send(new SendMessageCommand({ QueueUrl: getConfig().queueUrl, MessageBody: JSON.stringify(message) }));
}

async function countMessages(queueUrl: string) {
  const result = await getSqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return {
    visible: Number(result.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(result.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

export async function getQueueDepth(): Promise<QueueDepth> {
  const { queueUrl, deadLetterQueueUrl } = getConfig();
  const [main, dead] = await Promise.all([
    countMessages(queueUrl),
    deadLetterQueueUrl ? countMessages(deadLetterQueueUrl) : Promise.resolve({ visible: 0, inFlight: 0 }),
  ]);
  return { visible: main.visible, inFlight: main.inFlight, deadLetter: dead.visible + dead.inFlight };
}
