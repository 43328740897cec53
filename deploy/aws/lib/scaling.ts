// The worker fleet's scaling rule, as numbers: keep the backlog per running
// worker task at `acceptable wait ÷ average render time per order`, so that
// a newly queued order waits about the acceptable time. Each worker renders
// one order at a time (worker/src/consumer.ts).
//
// The numbers are the Encode Master's (lib/fleet/desired-workers.ts, the
// policy `WORKERS=auto` runs locally): one rule, one set of numbers, whether
// the fleet is sized by that policy or by Application Auto Scaling here.
// Override per deployment with -c targetWaitSeconds=… -c averageRenderSeconds=…
import {
  DEFAULT_RENDER_SECONDS,
  DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
} from "../../../lib/fleet/desired-workers";

export { DEFAULT_SCALE_IN_COOLDOWN_SECONDS, DEFAULT_SCALE_OUT_COOLDOWN_SECONDS, DEFAULT_TARGET_WAIT_SECONDS };
/** Average render time of one order on one worker task (2 vCPU), seconds, until measured. */
export const DEFAULT_AVERAGE_RENDER_SECONDS = DEFAULT_RENDER_SECONDS;

/** The target tracking value: queued orders per running worker task. */
export function backlogPerTaskTarget(input: { targetWaitSeconds: number; averageRenderSeconds: number }): number {
  const { targetWaitSeconds, averageRenderSeconds } = input;
  if (!(targetWaitSeconds > 0) || !(averageRenderSeconds > 0)) {
    throw new Error(`targetWaitSeconds (${targetWaitSeconds}) and averageRenderSeconds (${averageRenderSeconds}) must be positive numbers`);
  }
  return targetWaitSeconds / averageRenderSeconds;
}

/**
 * CloudWatch metric math over `visible` (the render queue's
 * ApproximateNumberOfMessagesVisible) and `running` (the worker service's
 * RunningTaskCount): the backlog per task that target tracking follows. With
 * no task running it is the whole backlog (not a division by zero, which
 * would give no data and so no scaling).
 */
export const BACKLOG_PER_TASK_EXPRESSION = "IF(FILL(running, 0) > 0, visible / FILL(running, 0), visible)";

/**
 * 1 when orders wait and no worker runs, else 0. Target tracking multiplies
 * the running count, so from zero tasks it cannot scale out; a step policy on
 * this expression starts the first task.
 */
export const WAKE_FROM_ZERO_EXPRESSION = "IF(FILL(running, 0) == 0 AND visible > 0, 1, 0)";
