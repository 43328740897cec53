import pino from "pino";

// The launcher's structured log (lib/platform/log.ts is the web's and the
// worker's, service "web" or "worker"): the same pino, the same
// dotted events, service "launcher".
export const launcherLog = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "launcher" } });
