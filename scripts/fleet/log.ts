import pino from "pino";

// The launcher's structured log (it runs as plain Node, outside the
// react-server world lib/server/log.ts lives in): the same pino, the same
// dotted events, service "launcher".
export const launcherLog = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "launcher" } });
