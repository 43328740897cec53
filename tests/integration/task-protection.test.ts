import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getSqs } from "../../lib/platform/aws";
import { RenderConsumer } from "../../worker/src/consumer";
import { createTaskProtection } from "../../worker/src/task-protection";

// A worker holds ECS scale-in protection exactly while a message is in hand:
// the consumer on the SQS emulator, a real HTTP server as the ECS agent.

const calls: { at: number; enabled: boolean }[] = [];
const agent = createServer((req, res) => {
  let raw = "";
  req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
  req.on("end", () => {
    calls.push({ at: Date.now(), enabled: (JSON.parse(raw) as { ProtectionEnabled: boolean }).ProtectionEnabled });
    res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
  });
});
let queueUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => agent.listen(0, "127.0.0.1", resolve));
  const created = await getSqs().send(new CreateQueueCommand({ QueueName: `it-protection-${process.pid}` }));
  queueUrl = created.QueueUrl!;
});
afterAll(async () => {
  await getSqs().send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
  agent.closeAllConnections();
  await new Promise((resolve) => agent.close(resolve));
});

it("protects the task from receiving a message until it is dealt with, and not while idle", async () => {
  const { port } = agent.address() as AddressInfo;
  const consumer = new RenderConsumer({
    sqs: getSqs(),
    queueUrl,
    workerHost: "protected-worker",
    waitTimeSeconds: 1,
    maxReceiveCount: 3,
    protection: createTaskProtection({ agentUri: `http://127.0.0.1:${port}/v4/task` }),
  });
  await consumer.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(calls).toEqual([]); // idle: unprotected, free to be scaled in
    // Not a render message: a permanent failure, acknowledged at once.
    await getSqs().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"type":"nonsense"}' }));
    await vi.waitFor(() => {
      if (calls.length !== 2) throw new Error("timed out waiting for the protection set and lifted");
    }, { timeout: 15_000, interval: 200 });
    expect(calls.map((call) => call.enabled)).toEqual([true, false]);
    const attributes = await getSqs().send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }),
    );
    expect(attributes.Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  } finally {
    await consumer.stop();
  }
});
