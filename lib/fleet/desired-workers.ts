// The Encode Master's policy: how many render workers the fleet should run,
// from the render queue's backlog. Pure and dependency-free, so the local
// launcher (scripts/fleet/) and the AWS app use the same rule and numbers.
//
// It is the backlog-per-instance rule AWS recommends for SQS workers
// ("Scaling policy based on Amazon SQS" in the EC2 Auto Scaling guide):
// acceptable backlog per worker = acceptable wait ÷ average processing time,
// desired workers = backlog ÷ acceptable backlog per worker. AWS applies it
// as target tracking, a feedback loop that finds the fleet size over many
// minutes; computed directly, it needs what a worker taking one long job at
// a time adds:
// - the orders in flight each hold a worker now (Little's law: at a steady
//   rate λ, λ × render time workers are busy), so desired = orders in flight
//   (at most the workers running: the rest are messages waiting out a retry
//   delay, which count as waiting) + waiting orders ÷ acceptable backlog per
//   worker, which is at least one order (a worker holds one at a time);
// - scale-out is immediate (after a short cooldown), scale-in waits for a
//   stabilisation window: the fleet shrinks only to the largest size any
//   decision within the last `scaleInCooldownSeconds` asked for, so a
//   flapping queue keeps its workers (like Kubernetes' HPA window).
// Figures behind the defaults: docs/fleet.md (npm run simulate:fleet).

/**
 * Acceptable time an order waits in the queue before a worker takes it,
 * seconds. Chosen from the simulation in docs/fleet.md (a day of 20 000
 * orders with a 10× spike, 60 s worker start-up, 60 s metric period): at
 * 60 s the waits are p50 0 s, p95 25 s, p99 97 s (the spike's first minutes:
 * start-up plus metric period); 30 s costs 6% more worker-hours for p95
 * 20 s, 120 s saves 3% for p95 46 s, 600 s saves 8% for p95 2.5 min.
 */
export const DEFAULT_TARGET_WAIT_SECONDS = 60;

/** Render time assumed when no order finished recently (a 30 s 1080p story), seconds. */
export const DEFAULT_RENDER_SECONDS = 30;

/** Minimum time between two scale-outs, seconds: long enough for a started worker to count as running. */
export const DEFAULT_SCALE_OUT_COOLDOWN_SECONDS = 10;

/**
 * Stabilisation window for scale-in, seconds: the fleet shrinks only to the
 * largest size asked for within it (and never sooner than this after a
 * scale-out). From the simulation (docs/fleet.md): 300 s starts 612
 * workers a day against 955 at 180 s and 2358 at 60 s, for 8% more
 * worker-hours than 180 s, and keeps the fleet through a spike's lulls.
 */
export const DEFAULT_SCALE_IN_COOLDOWN_SECONDS = 300;

/** How often the launcher asks the policy, seconds. */
export const DEFAULT_INTERVAL_SECONDS = 5;

/** Orders whose render times make the "recent average" (the last N done orders within the window). */
export const RENDER_TIME_SAMPLE = { orders: 20, windowSeconds: 3600 } as const;

export type FleetInput = {
  /** Messages waiting (SQS ApproximateNumberOfMessages). */
  visible: number;
  /** Messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible): renders under way or about to be retried. */
  inFlight: number;
  /** Workers running and not retiring (started ones included). */
  running: number;
  /** Recent average render time per order, seconds; null when unknown (DEFAULT_RENDER_SECONDS then). */
  averageRenderSeconds: number | null;
  /** Acceptable queue wait, seconds. Default DEFAULT_TARGET_WAIT_SECONDS. */
  targetWaitSeconds?: number;
  /** Fewest workers (0 allowed: scale to zero). */
  min: number;
  /** Most workers. */
  max: number;
  /** Clock, milliseconds (Date.now() or a simulation's). */
  nowMs: number;
  /** Default DEFAULT_SCALE_OUT_COOLDOWN_SECONDS. */
  scaleOutCooldownSeconds?: number;
  /** Default DEFAULT_SCALE_IN_COOLDOWN_SECONDS. */
  scaleInCooldownSeconds?: number;
};

/** What the policy remembers between decisions; start with `initialFleetState()`. */
export type FleetState = {
  /** Recent raw recommendations (within the scale-in window), oldest first. */
  recommendations: { atMs: number; workers: number }[];
  lastScaleOutMs: number | null;
  /** When the policy first decided (null before): scale-in waits a whole window after it. */
  sinceMs: number | null;
};

export type FleetDecision = {
  /** Workers to run now. */
  desired: number;
  /** What the backlog alone asks for, clamped to min/max. */
  recommended: number;
  /** Acceptable backlog per worker used (≥ 1). */
  backlogPerWorker: number;
  action: "scale-out" | "scale-in" | "hold";
  /** Why: "backlog", "min", "max", "scale-out-cooldown", "scale-in-window", "steady". */
  reason: string;
  state: FleetState;
};

export function initialFleetState(): FleetState {
  return { recommendations: [], lastScaleOutMs: null, sinceMs: null };
}

function clamp(value: number, min: number, max: number) {
  return Math.min(max, Math.max(min, value));
}

/** Acceptable backlog of waiting orders per worker: acceptable wait ÷ average render time, at least one order. */
export function backlogPerWorker(targetWaitSeconds: number, averageRenderSeconds: number): number {
  return Math.max(1, targetWaitSeconds / Math.max(averageRenderSeconds, 0.001));
}

/** The workers the fleet should run now, and the state to pass to the next call. */
export function desiredWorkers(input: FleetInput, state: FleetState): FleetDecision {
  const targetWait = input.targetWaitSeconds ?? DEFAULT_TARGET_WAIT_SECONDS;
  const scaleOutCooldownMs = (input.scaleOutCooldownSeconds ?? DEFAULT_SCALE_OUT_COOLDOWN_SECONDS) * 1000;
  const scaleInWindowMs = (input.scaleInCooldownSeconds ?? DEFAULT_SCALE_IN_COOLDOWN_SECONDS) * 1000;
  if (!(input.min >= 0 && input.max >= input.min)) throw new RangeError(`workers min ${input.min} / max ${input.max}: need 0 ≤ min ≤ max`);
  const perWorker = backlogPerWorker(targetWait, input.averageRenderSeconds ?? DEFAULT_RENDER_SECONDS);
  const inFlight = Math.max(0, input.inFlight);
  const onWorkers = Math.min(inFlight, Math.max(0, input.running));
  const waiting = Math.max(0, input.visible) + (inFlight - onWorkers);
  const raw = onWorkers + Math.ceil(waiting / perWorker);
  const recommended = clamp(raw, input.min, input.max);
  const now = input.nowMs;
  const recommendations = [...state.recommendations.filter((r) => now - r.atMs < scaleInWindowMs), { atMs: now, workers: recommended }];
  const running = input.running;
  const next: FleetState = { ...state, sinceMs: state.sinceMs ?? now };
  const bound = raw > input.max ? "max" : raw < input.min ? "min" : "backlog";

  if (recommended > running) {
    const sinceOut = state.lastScaleOutMs === null ? Number.POSITIVE_INFINITY : now - state.lastScaleOutMs;
    // Below min is corrected at once (a crashed or missing worker), above it waits out the cooldown.
    if (running >= input.min && sinceOut < scaleOutCooldownMs) {
      return { desired: running, recommended, backlogPerWorker: perWorker, action: "hold", reason: "scale-out-cooldown", state: { ...next, recommendations } };
    }
    return { desired: recommended, recommended, backlogPerWorker: perWorker, action: "scale-out", reason: bound, state: { ...next, recommendations, lastScaleOutMs: now } };
  }
  if (recommended < running) {
    if (running > input.max) {
      return { desired: input.max, recommended, backlogPerWorker: perWorker, action: "scale-in", reason: "max", state: { ...next, recommendations } };
    }
    // Shrink only to the largest size asked for within the window, and only
    // once the window has been watched whole since the start or the last scale-out.
    const quietSince = Math.max(next.sinceMs ?? now, next.lastScaleOutMs ?? Number.NEGATIVE_INFINITY);
    const windowMax = Math.max(...recommendations.map((r) => r.workers));
    if (now - quietSince >= scaleInWindowMs && windowMax < running) {
      return { desired: windowMax, recommended, backlogPerWorker: perWorker, action: "scale-in", reason: bound, state: { ...next, recommendations } };
    }
    return { desired: running, recommended, backlogPerWorker: perWorker, action: "hold", reason: "scale-in-window", state: { ...next, recommendations } };
  }
  return { desired: running, recommended, backlogPerWorker: perWorker, action: "hold", reason: "steady", state: { ...next, recommendations } };
}
