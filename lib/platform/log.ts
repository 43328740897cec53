import pino, { type DestinationStream } from "pino";

// One structured logger for web and worker. Events are dotted names
// (`order.created`) with ids as fields. Never pass request bodies, signed
// URLs or credentials; the redact list is a second line of defence.

export const REDACTED_PATHS = [
  "url",
  "uploadUrl",
  "downloadUrl",
  "posterUrl",
  "videoUrl",
  "body",
  "headers.authorization",
  "headers.cookie",
  "*.password",
  "*.secret",
  "*.sessionSecret",
  "*.adminPassword",
];

export function createLogger(destination?: DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { service: process.env.REELMAKER_SERVICE ?? "web" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export const log = createLogger();
