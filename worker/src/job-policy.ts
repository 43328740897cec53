import type { AttemptOutcome } from "./figures";
import { OrderCanceledError } from "./cancel-watch";

/**
 * The retry policy of a render message, in one place: what the consumer does
 * with a message once `processOrder` has returned or thrown. Pure functions;
 * worker/src/consumer.ts carries the action out.
 */

/**
 * A failure retrying cannot fix (bad message, missing or corrupt photo):
 * the order is marked failed with `reason` (shown to the customer) and the
 * message is acknowledged. Anything else is transient: it is thrown, the
 * message stays, SQS redelivers it, and dead-letters it after N receives.
 */
export class PermanentJobError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
    /** The input that caused it, when one did (a photo that cannot be read): recorded on the order. */
    readonly failedInput?: FailedInput,
  ) {
    super(detail);
    this.name = "PermanentJobError";
  }
}

/** The photo that could not be read: the first slide showing it (0-based), and its asset. */
export type FailedInput = { slideIndex: number; assetId: string };

/** Shown to the customer when the last receive before the dead-letter queue failed too. */
export const GIVE_UP_REASON = "We could not make this video after several tries. Please try again later.";

/** The longest a failed message waits before its next receive, seconds. */
export const MAX_RETRY_DELAY_SECONDS = 60;

/** What to do with the message (and the order) after an attempt. */
export type JobAction =
  /** The order is done or needed no work: delete the message. */
  | { kind: "acknowledge"; attempt: AttemptOutcome }
  /** Canceled while rendering: remove any uploaded outputs, delete the message. */
  | { kind: "canceled"; attempt: "canceled" }
  /** Retrying cannot help: mark the order failed with `reason`, delete the message. */
  | { kind: "fail"; attempt: "failed"; reason: string; detail: string; failedInput?: FailedInput }
  /** The worker is stopping: hand the message to another worker now. */
  | { kind: "release"; attempt: "released"; detail: string }
  /** A transient failure: leave the message for another receive after `delaySeconds`. */
  | { kind: "retry"; attempt: "retry"; delaySeconds: number; detail: string }
  /** A transient failure on the last receive: mark the order failed now (SQS dead-letters the message next), as a retry otherwise. */
  | { kind: "give-up"; attempt: "failed"; reason: string; delaySeconds: number; detail: string };

/** How long a message that failed on its `receiveCount`-th receive stays invisible: 5 s per receive, at most a minute. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, 5 * receiveCount);
}

/** An error as one line for the logs and the attempt row (a PermanentJobError's detail, else `Name: message`). */
export function describeError(error: unknown): string {
  if (error instanceof PermanentJobError) return error.detail;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The action after `processOrder` returned: the message is done with either way. */
export function actionForOutcome(outcome: "done" | "skipped"): JobAction {
  return { kind: "acknowledge", attempt: outcome };
}

/** What the attempt's row records as its error: nothing for a finished or canceled attempt. */
export function attemptDetail(action: JobAction): string | undefined {
  return action.kind === "acknowledge" || action.kind === "canceled" ? undefined : action.detail;
}

export type FailedAttempt = {
  error: unknown;
  /** The order's id, once the message was parsed. */
  orderId: string | undefined;
  /** The reason the job's AbortSignal was aborted with, if it was. */
  abortReason: unknown;
  /** The worker is stopping (stop(), not retire()). */
  isStopping: boolean;
  /** This message's ApproximateReceiveCount. */
  receiveCount: number;
  /** Receives before SQS dead-letters the message (Infinity without a redrive policy). */
  maxReceiveCount: number;
};

/**
 * The action after `processOrder` (or the message's parse or acknowledgement)
 * threw. In this order: a cancel wins over the error it caused (ffmpeg killed),
 * a permanent error fails the order, a stopping worker releases the message,
 * and anything else is retried until the last receive, which gives up.
 */
export function actionForError(attempt: FailedAttempt): JobAction {
  const { error, orderId, abortReason, isStopping, receiveCount, maxReceiveCount } = attempt;
  if (orderId !== undefined && abortReason instanceof OrderCanceledError) return { kind: "canceled", attempt: "canceled" };
  const detail = describeError(error);
  if (error instanceof PermanentJobError) {
    return { kind: "fail", attempt: "failed", reason: error.reason, detail, ...(error.failedInput ? { failedInput: error.failedInput } : {}) };
  }
  if (isStopping) return { kind: "release", attempt: "released", detail };
  const delaySeconds = retryDelaySeconds(receiveCount);
  if (receiveCount >= maxReceiveCount) return { kind: "give-up", attempt: "failed", reason: GIVE_UP_REASON, delaySeconds, detail };
  return { kind: "retry", attempt: "retry", delaySeconds, detail };
}
