import { fleetSchema, readSettings } from "../../lib/platform/config";

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

/**
 * The launcher's worker settings, from the environment: fleetSchema in
 * lib/platform/config.ts has each one with its meaning and default.
 * WORKERS_MAX defaults to defaultMaxWorkers for this machine, and at least
 * WORKERS_MIN.
 */
export function readFleetSettings(env: Record<string, string | undefined>, machine: { cores: number; totalMemoryBytes: number }): FleetSettings {
  const settings = readSettings(fleetSchema, env);
  const niceness = settings.WORKER_NICE ?? 10;
  if (settings.WORKERS !== "auto") return { mode: "fixed", count: settings.WORKERS ?? 1, niceness };
  const min = settings.WORKERS_MIN ?? 1;
  const max = settings.WORKERS_MAX ?? Math.max(min, defaultMaxWorkers(machine.cores, machine.totalMemoryBytes));
  if (max < Math.max(1, min)) throw new Error(`WORKERS_MAX must be an integer from ${Math.max(1, min)} (WORKERS_MIN) to 1000, not ${max}`);
  return {
    mode: "auto",
    min,
    max,
    targetWaitSeconds: settings.FLEET_TARGET_WAIT_SECONDS,
    intervalSeconds: settings.FLEET_INTERVAL_SECONDS,
    scaleOutCooldownSeconds: settings.FLEET_SCALE_OUT_COOLDOWN_SECONDS,
    scaleInCooldownSeconds: settings.FLEET_SCALE_IN_COOLDOWN_SECONDS,
    niceness,
  };
}
