import pino from "pino";

/** Structured JSON logs to stdout. Never log a presigned URL, a token or a magic link. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.SERVICE_NAME ?? "web" },
  redact: { paths: ["*.token", "*.url", "*.authorization", "*.password"], censor: "[redacted]" },
});
