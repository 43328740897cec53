import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_SCALE_IN_COOLDOWN_SECONDS,
  DEFAULT_SCALE_OUT_COOLDOWN_SECONDS,
  DEFAULT_TARGET_WAIT_SECONDS,
} from "../../lib/fleet/desired-workers";

/** Memory to allow each worker (a long 1080p Ken Burns story peaks at ~395 MB; README). */
export const WORKER_MEMORY_BYTES = 512 * 1024 ** 2;

export type FleetSettings =
  | { mode: "fixed"; count: number; niceness: number }
  | {
      mode: "auto";
      min: number;
      max: number;
      targetWaitSeconds: number;
      intervalSeconds: number;
      scaleOutCooldownSeconds: number;
      scaleInCooldownSeconds: number;
      niceness: number;
    };

/**
 * WORKERS_MAX's default: one worker per core (a render keeps ~1.3 cores
 * busy, so two workers on two cores finish more than one; docs/fleet.md),
 * and no more than fit in memory at 512 MB each with 1 GB left for the rest.
 */
export function defaultMaxWorkers(cores: number, totalMemoryBytes: number): number {
  return Math.max(1, Math.min(cores, Math.floor((totalMemoryBytes - 1024 ** 3) / WORKER_MEMORY_BYTES)));
}

function readNumber(env: Record<string, string | undefined>, name: string, fallback: number, options: { integer?: boolean; min?: number; max?: number } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  const { integer = false, min = 0, max = Number.POSITIVE_INFINITY } = options;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be ${integer ? "an integer" : "a number"} ${range}, not "${raw}"`);
  }
  return value;
}

/**
 * The launcher's worker settings (env, with defaults):
 *   WORKERS                    a number of workers, or "auto" (the Encode Master)   (1)
 *   WORKERS_MIN                auto: fewest workers; 0 scales to zero              (1)
 *   WORKERS_MAX                auto: most workers                                  (one per core, memory allowing)
 *   FLEET_TARGET_WAIT_SECONDS  auto: acceptable queue wait                         (DEFAULT_TARGET_WAIT_SECONDS, 60)
 *   FLEET_INTERVAL_SECONDS     auto: how often the policy runs                     (5)
 *   FLEET_SCALE_OUT_COOLDOWN_SECONDS / FLEET_SCALE_IN_COOLDOWN_SECONDS             (10 / 300)
 *   WORKER_NICE                CPU niceness of the workers (0–19), so the web stays responsive (10)
 */
export function readFleetSettings(env: Record<string, string | undefined>, machine: { cores: number; totalMemoryBytes: number }): FleetSettings {
  const niceness = readNumber(env, "WORKER_NICE", 10, { integer: true, min: 0, max: 19 });
  const workers = (env.WORKERS ?? "").trim().toLowerCase();
  if (workers !== "auto") {
    return { mode: "fixed", count: readNumber(env, "WORKERS", 1, { integer: true, min: 0, max: 1000 }), niceness };
  }
  const min = readNumber(env, "WORKERS_MIN", 1, { integer: true, min: 0, max: 1000 });
  const max = readNumber(env, "WORKERS_MAX", Math.max(min, defaultMaxWorkers(machine.cores, machine.totalMemoryBytes)), { integer: true, min: Math.max(1, min), max: 1000 });
  return {
    mode: "auto",
    min,
    max,
    targetWaitSeconds: readNumber(env, "FLEET_TARGET_WAIT_SECONDS", DEFAULT_TARGET_WAIT_SECONDS, { min: 1 }),
    intervalSeconds: readNumber(env, "FLEET_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS, { min: 0.2 }),
    scaleOutCooldownSeconds: readNumber(env, "FLEET_SCALE_OUT_COOLDOWN_SECONDS", DEFAULT_SCALE_OUT_COOLDOWN_SECONDS),
    scaleInCooldownSeconds: readNumber(env, "FLEET_SCALE_IN_COOLDOWN_SECONDS", DEFAULT_SCALE_IN_COOLDOWN_SECONDS),
    niceness,
  };
}
