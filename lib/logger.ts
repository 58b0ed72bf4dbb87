import pino from "pino";
import pretty from "pino-pretty";

/**
 * How log lines are written: LOG_FORMAT when it is set, otherwise readable lines on a terminal and one
 * JSON object per line anywhere else (a file, a pipe, a log collector). `npm start` on a terminal asks
 * its web app and worker for readable lines (infra/local/stack.ts): their own output is a pipe.
 */
export const logFormat = (
  env: Record<string, string | undefined> = process.env,
  isTTY: boolean = process.stdout.isTTY === true,
): "json" | "pretty" =>
  env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty" ? env.LOG_FORMAT : isTTY ? "pretty" : "json";

const options: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.SERVICE_NAME ?? "web" },
  redact: { paths: ["*.token", "*.url", "*.authorization", "*.password"], censor: "[redacted]" },
};

/** Structured logs to stdout. Never log a presigned URL, a token or a magic link. */
export const logger =
  logFormat() === "pretty"
    ? // In this process, synchronously: no transport thread to lose lines when the process exits.
      pino(options, pretty({ translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", singleLine: true, sync: true }))
    : pino(options);
