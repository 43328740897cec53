import pino, { type DestinationStream } from "pino";
import { logSchema, readSettings } from "./config";

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
  // A device link's token (lib/server/session/device-link-token.ts) is a credential for a while.
  "token",
  "*.token",
  "headers.authorization",
  "headers.cookie",
  "*.password",
  "*.secret",
  "*.sessionSecret",
  "*.adminPassword",
];

export function createLogger(destination?: DestinationStream) {
  const settings = readSettings(logSchema);
  return pino(
    {
      level: settings.LOG_LEVEL,
      base: { service: settings.REELMAKER_SERVICE },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export const log = createLogger();
