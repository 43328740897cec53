// The worker fleet's scaling rule, as numbers: keep the backlog per running
// worker task at `acceptable wait ÷ average render time per order`, so that
// a newly queued order waits about the acceptable time. Each worker renders
// one order at a time (worker/src/consumer.ts).
//
// These defaults MUST equal the Encode Master's (the fleet policy in
// lib/fleet/desired-workers.ts): one rule, one set of numbers, whether the
// fleet is sized by that policy or by Application Auto Scaling here. Change
// them in both places, or pass -c targetWaitSeconds=… -c averageRenderSeconds=…

/** How long a queued order may wait before a worker takes it, seconds. */
export const DEFAULT_TARGET_WAIT_SECONDS = 120;
/**
 * Average render time of one order on one worker task (2 vCPU), seconds.
 * docs/performance.md (2026-12-01): a 25-second 1080p story renders in ~9 s
 * wall, with Ken Burns ~17 s, a 100-photo story ~69 s; 30 s covers a mix.
 */
export const DEFAULT_AVERAGE_RENDER_SECONDS = 30;
/** Seconds after a scale-out before another; short, so a burst is met quickly. */
export const DEFAULT_SCALE_OUT_COOLDOWN_SECONDS = 60;
/** Seconds after a scale-in before another; long, so a lull does not drop tasks a new burst needs. */
export const DEFAULT_SCALE_IN_COOLDOWN_SECONDS = 300;

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
