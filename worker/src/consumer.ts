import { DEFAULT_ENCODER, type EncoderSettings } from "./ffmpeg/build-render-args";
import { setTimeout as delay } from "node:timers/promises";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { log } from "../../lib/platform/log";
import { failOrder, parseRenderMessage, processOrder } from "./process-order";
import { actionForError, actionForOutcome, attemptDetail, type JobAction } from "./job-policy";
import { NO_TASK_PROTECTION, type TaskProtection } from "./task-protection";
// console: figures, heartbeat and cancel (new modules; hooks marked "console:")
import { AttemptFigures } from "./figures";
import { discardOutputsIfCanceled, watchForCancel } from "./cancel-watch";
import type { WorkerHeartbeat } from "./heartbeat";
import { createRenderResources } from "./render/render-resources";

export type ConsumerOptions = {
  sqs: SQSClient;
  queueUrl: string;
  workerHost: string;
  /** Seconds a received message stays invisible; heartbeats extend it. Default 60. */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive, seconds (max 20); also the longest a stop waits. Default 10. */
  waitTimeSeconds?: number;
  /** Receives before SQS dead-letters a message; read from the queue's RedrivePolicy when omitted. */
  maxReceiveCount?: number;
  /** Told when a render starts (busy, with its order) and when the worker is free again. Default: nothing. */
  onActivity?: (activity: { busy: boolean; orderId?: string }) => void;
  /** Held while a message is in hand, so scale-in spares this task (ECS: ./task-protection.ts). Default none. */
  protection?: TaskProtection;
  /** Console: the worker's heartbeat row, told when a render starts and ends. Optional. */
  heartbeat?: WorkerHeartbeat | null;
  /** Console: how often the order row is checked for a cancel while rendering, ms. Default 2000. */
  cancelCheckMs?: number;
  /** x264 settings of every render (encoderFromEnv). Default DEFAULT_ENCODER. */
  encoder?: EncoderSettings;
};

export async function readMaxReceiveCount(sqs: SQSClient, queueUrl: string): Promise<number> {
  const result = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }));
  const policy = result.Attributes?.RedrivePolicy;
  return policy ? Number(JSON.parse(policy).maxReceiveCount) : Number.POSITIVE_INFINITY;
}

/**
 * Long-polls the render queue and handles one message at a time (a render
 * uses every core; run more workers for more throughput). Keeps the message
 * invisible with heartbeats while it renders, deletes it only after the
 * order is done or has failed for good, and stops on `stop()`.
 */
export class RenderConsumer {
  private readonly options: Required<ConsumerOptions>;
  private readonly stopController = new AbortController();
  private isRetiring = false;
  private jobController: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** One render at a time: its kernels and caption canvas serve every render of this worker. */
  private readonly renderResources = createRenderResources();

  constructor(options: ConsumerOptions) {
    this.options = {
      visibilityTimeoutSeconds: 60,
      waitTimeSeconds: 10,
      maxReceiveCount: Number.NaN,
      onActivity: () => undefined,
      protection: NO_TASK_PROTECTION,
      heartbeat: null,
      cancelCheckMs: 2000,
      encoder: DEFAULT_ENCODER,
      ...options,
    };
  }

  async start(): Promise<void> {
    if (Number.isNaN(this.options.maxReceiveCount)) {
      this.options.maxReceiveCount = await readMaxReceiveCount(this.options.sqs, this.options.queueUrl);
    }
    log.info({ queue: this.options.queueUrl.split("/").pop(), maxReceiveCount: this.options.maxReceiveCount }, "worker.started");
    this.loop = this.run();
  }

  /** Stops polling, aborts the job in hand and releases its message to another worker. */
  async stop(): Promise<void> {
    this.stopController.abort();
    this.jobController?.abort(new Error("worker stopping"));
    await this.loop;
  }

  /**
   * Stops taking work without cutting any: the receive under way ends (at
   * most waitTimeSeconds), an order in hand or received by it is rendered
   * to the end, then the loop ends. How the fleet scales in (scripts/fleet).
   */
  async retire(): Promise<void> {
    this.isRetiring = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { sqs, queueUrl, waitTimeSeconds, visibilityTimeoutSeconds } = this.options;
    while (!this.stopController.signal.aborted && !this.isRetiring) {
      let messages: Message[] = [];
      try {
        // The long poll is never aborted: a receive whose connection is cut
        // may still take a message (SQS and emulators alike), which would
        // then sit invisible and count as a receive. Stopping waits for the
        // poll instead (at most waitTimeSeconds) and releases what it got.
        const result = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: waitTimeSeconds,
            VisibilityTimeout: visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ["ApproximateReceiveCount"],
          }),
        );
        messages = result.Messages ?? [];
      } catch (error: unknown) {
        // Stopping with the whole stack: the queue may already be gone.
        if (this.stopController.signal.aborted) break;
        log.warn({ err: error }, "worker.receive_failed");
        // Resolves early (rejecting with AbortError) when stopping.
        await delay(2000, undefined, { signal: this.stopController.signal }).catch(() => undefined);
        continue;
      }
      for (const message of messages) {
        if (this.stopController.signal.aborted) await this.release(message);
        else await this.handle(message);
      }
    }
    log.info("worker.stopped");
  }

  /** Hands a message to another worker within a second. (Not 0 s: fauxqs with persistence loses the message on 0.) */
  private async release(message: Message): Promise<void> {
    const { sqs, queueUrl } = this.options;
    await sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 1 }))
      .catch((error: unknown) => log.warn({ err: error }, "worker.release_failed"));
    log.info({ messageId: message.MessageId }, "worker.message_released");
  }

  private async handle(message: Message): Promise<void> {
    const { sqs, queueUrl, visibilityTimeoutSeconds, maxReceiveCount, workerHost, protection } = this.options;
    await protection.set(true);
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    const job = new AbortController();
    this.jobController = job;
    this.options.onActivity({ busy: true, orderId: parseOrderId(message.Body) });
    const changeVisibility = (seconds: number) =>
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: seconds }));
    // Heartbeat well inside the timeout; if it fails we may lose the lease,
    // so stop rendering rather than race another worker.
    const heartbeat = setInterval(() => {
      changeVisibility(visibilityTimeoutSeconds).catch((error: unknown) => {
        log.warn({ err: error }, "worker.heartbeat_failed");
        job.abort(new Error("lost the queue lease"));
      });
    }, (visibilityTimeoutSeconds * 1000) / 3);
    const acknowledge = () => sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));

    let orderId: string | undefined;
    const figures = new AttemptFigures(workerHost); // console: figures
    let action: JobAction = actionForOutcome("skipped");
    let stopCancelWatch = () => {};
    try {
      orderId = parseRenderMessage(message.Body).orderId;
      this.options.heartbeat?.rendering(orderId); // console: heartbeat
      stopCancelWatch = watchForCancel({ orderId, job, intervalMs: this.options.cancelCheckMs }); // console: cancel
      const outcome = await processOrder(orderId, { workerHost, signal: job.signal, figures, renderResources: this.renderResources, encoder: this.options.encoder });
      action = actionForOutcome(outcome);
      // Not swallowed: a failed delete is handled like a failed attempt below.
      await acknowledge();
      log.info({ orderId, outcome, receiveCount }, "worker.message_done");
    } catch (error: unknown) {
      action = actionForError({
        error,
        orderId,
        abortReason: job.signal.reason,
        isStopping: this.stopController.signal.aborted,
        receiveCount,
        maxReceiveCount,
      });
      await this.carryOut(action, { message, orderId, receiveCount, acknowledge, changeVisibility });
    } finally {
      clearInterval(heartbeat);
      stopCancelWatch();
      this.jobController = null;
      await protection.set(false);
      this.options.onActivity({ busy: false });
      // console: the attempt's row and the worker's state
      await figures.finish(action.attempt, attemptDetail(action));
      this.options.heartbeat?.idle(action.attempt);
    }
  }

  /** Carries out the policy's action for a failed attempt (worker/src/job-policy.ts). Nothing here throws. */
  private async carryOut(
    action: JobAction,
    attempt: {
      message: Message;
      orderId: string | undefined;
      receiveCount: number;
      acknowledge: () => Promise<unknown>;
      changeVisibility: (seconds: number) => Promise<unknown>;
    },
  ): Promise<void> {
    const { message, orderId, receiveCount, acknowledge, changeVisibility } = attempt;
    switch (action.kind) {
      case "acknowledge":
        await acknowledge().catch(() => undefined);
        return;
      case "canceled":
        // console: cancel. ffmpeg is killed, the temp folder removed; the
        // message is done with, and nothing uploaded may stay.
        if (orderId) await discardOutputsIfCanceled(orderId).catch((e: unknown) => log.warn({ orderId, err: e }, "render.cancel_cleanup_failed"));
        await acknowledge().catch(() => undefined);
        log.info({ orderId }, "render.canceled");
        return;
      case "fail":
        if (orderId) await failOrder(orderId, action.reason, action.detail, action.failedInput).catch(() => undefined);
        await acknowledge().catch(() => undefined);
        log.warn({ orderId, detail: action.detail }, "render.failed_permanently");
        return;
      case "release":
        await this.release(message);
        return;
      case "retry":
      case "give-up":
        log.warn({ orderId, receiveCount, detail: action.detail }, "render.attempt_failed");
        // SQS dead-letters it on the next receive; tell the customer now.
        if (action.kind === "give-up" && orderId) await failOrder(orderId, action.reason, action.detail).catch(() => undefined);
        await changeVisibility(action.delaySeconds).catch(() => undefined);
        return;
    }
  }
}

function parseOrderId(body: string | undefined): string | undefined {
  try {
    return parseRenderMessage(body).orderId;
  } catch {
    return undefined;
  }
}
