import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

/** Both or neither: an OAuth provider is switched on only when its id and secret are set. */
const pairs: [string, string][] = [
  ["GITHUB_ID", "GITHUB_SECRET"],
  ["GOOGLE_ID", "GOOGLE_SECRET"],
  ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
  ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"],
];

const isBuild = process.env.NEXT_PHASE === "phase-production-build";

/** Problems zod cannot see field by field: settings that only make sense together. */
const pairProblems = () => {
  const problems = pairs
    .filter(([a, b]) => Boolean(process.env[a]) !== Boolean(process.env[b]))
    .map(([a, b]) => `  - ${a} and ${b} must be set together`);
  if (process.env.OIDC_CLIENT_ID && !process.env.OIDC_ISSUER)
    problems.push("  - OIDC_ISSUER: required with OIDC_CLIENT_ID");
  return problems;
};

const fail = (lines: string[]) => {
  const message = `Invalid configuration:\n${lines.join("\n")}\nSee the configuration table in README.md.`;
  console.error(message);
  throw new Error(message);
};

/**
 * Every setting the app, the worker and the seed read. The embedded stack
 * (infra/local/start.ts) fills these in when they are not set; in production the
 * operator sets them. A bad or missing value stops the process with one message
 * that lists every problem.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** The app's least-privilege role (INSERT and SELECT only on AuditEvent). */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    /** The tables' owner, for `npm run migrate` only (unset: DATABASE_URL migrates, as one role). Never given to the web app or worker. */
    MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_BUCKET: z.string().min(3),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: bool,
    SMTP_URL: z.url({ protocol: /^smtps?$/ }),
    EMAIL_FROM: z.string().min(3).default("Weights Registry <no-reply@localhost>"),
    NEXTAUTH_URL: z.url(),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    ADMIN_EMAILS: csv,
    GITHUB_ID: z.string().min(1).optional(),
    GITHUB_SECRET: z.string().min(1).optional(),
    GOOGLE_ID: z.string().min(1).optional(),
    GOOGLE_SECRET: z.string().min(1).optional(),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Institutional sign-in"),
    DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
    DOWNLOAD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** Benchmarks only: serves GET /api/bench/floor, the issuance floor of `npm run bench:downloads`. */
    BENCH_FLOOR_ROUTE: bool,
    /** Largest file an upload may declare (default 200 GiB; S3's own limit is 5 TiB). */
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(5 * 1024 ** 4)
      .default(200 * 1024 ** 3),
    /** Lifetime of a presigned part-upload URL; a part of 8+ MiB on a slow link needs minutes. */
    UPLOAD_PART_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    /** Largest total of ONNX bytes one playground session may load into a browser (default 200 MiB). */
    PLAYGROUND_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(16 * 1024 ** 3)
      .default(200 * 1024 ** 2),
    /**
     * Largest suspect file an admin may upload to the trace page (default 2 GiB). The trace holds the
     * file and each original it is compared with in memory, so this bounds the web process's memory too.
     */
    MAX_TRACE_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024 ** 2)
      .max(4 * 1024 ** 3)
      .default(2 * 1024 ** 3),
    MAIL_INBOX_URL: z.url().optional(),
    /** Reverse proxies in front that append the client's address to X-Forwarded-For (0: the socket's address is the client's). */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Largest JSON (or form) request body a route reads, unless the route sets its own cap. */
    MAX_JSON_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(256 * 1024)
      .max(64 * 1024 ** 2)
      .default(1024 ** 2),
    /** Sign-in links mailed per e-mail address, and per client address, in any hour. */
    SIGN_IN_MAILS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
    SIGN_IN_MAILS_PER_CLIENT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: bool,
    /** How long one verify-file run may take before pg-boss hands the job to another worker (a large file over a slow link needs long). */
    VERIFY_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(82_800).default(3600),
    /** Prefix of every queue name (unset: none). A worker started with one serves only its own queues (e2e runs one apart from the stack's). */
    JOB_QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.$/, "lower-case letters, digits and hyphens, ending with a dot")
      .optional(),
    /** How long opening a database connection may take before the request gets 503 (both pools, pg-boss). */
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** Longest one SQL statement may run (server side) or wait for its answer (client side) before 503. */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(8000),
    /** A connection left in an open transaction this long is ended by PostgreSQL (its locks freed). */
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** SIGTERM: how long the web app drains in-flight requests and the worker finishes its jobs before exiting. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
    /** Ed25519 private key (PEM) that signs audit checkpoints; the database never holds it. Unset: no checkpoints. */
    AUDIT_CHECKPOINT_KEY: z
      .string()
      .regex(/-----BEGIN PRIVATE KEY-----/, "must be a PEM private key (Ed25519)")
      .optional(),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Checkpoint objects are written under object lock (COMPLIANCE) for this many days; only for a bucket with object lock enabled. */
    AUDIT_CHECKPOINT_LOCK_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
    /** Key of the per-grant marks in fingerprinted copies: base64 of at least 32 bytes. Never stored in the database. */
    FINGERPRINT_KEY: z
      .string()
      .refine((v) => /^[A-Za-z0-9+/_-]+=*$/.test(v) && Buffer.from(v, "base64").byteLength >= 32, {
        message: "must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`)",
      })
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Log lines as JSON or readable text; unset: readable on a terminal, JSON otherwise (lib/logger.ts). */
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
  // `next build` imports route modules without a runtime configuration; every page is dynamic.
  skipValidation: isBuild,
  onValidationError: (issues) => {
    const lines = issues.map((i) => {
      const key = i.path?.map(String).join(".") ?? "?";
      return `  - ${key}: ${process.env[key] ? i.message : "required (not set)"}`;
    });
    return fail([...lines, ...pairProblems()]);
  },
});

const togetherProblems = isBuild ? [] : pairProblems();
if (togetherProblems.length) fail(togetherProblems);
