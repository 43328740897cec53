import "server-only";
import pino from "pino";

// One structured logger for web and worker. Events are dotted names
// (`order.created`) with ids as fields. Never pass request bodies, signed
// URLs or credentials; the redact list is a second line of defence.
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.REELMAKER_SERVICE ?? "web" },
  redact: {
    paths: ["url", "uploadUrl", "downloadUrl", "posterUrl", "videoUrl", "headers.authorization", "headers.cookie", "*.password", "*.secret"],
    censor: "[redacted]",
  },
});
