/**
 * The one error vocabulary. Every client (pages, REST, Hub-compatible API, CLI, playground)
 * sees the same machine-readable code; `action` is the URL of the next step, when there is one.
 */
export const errorStatus = {
  // gate codes (the researcher's next step)
  SIGN_IN_REQUIRED: 401,
  PROFILE_INCOMPLETE: 403,
  REQUEST_REQUIRED: 403,
  REQUEST_PENDING: 403,
  REQUEST_REJECTED: 403,
  GRANT_EXPIRED: 403,
  GRANT_REVOKED: 403,
  LICENSE_NOT_ACCEPTED: 403,
  GEO_BLOCKED: 403,
  FILE_NOT_READY: 403,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 403,
  // general
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  // a page cursor that this server did not make, or made for another sort order
  INVALID_CURSOR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_DECIDED: 409,
  // model management: a slug in use, a version that cannot be published yet or changed any more
  SLUG_TAKEN: 409,
  VERSION_NOT_READY: 409,
  VERSION_IMMUTABLE: 409,
  // webhooks: the URL's host is (or resolves to) a loopback, private or link-local address
  WEBHOOK_URL_NOT_ALLOWED: 400,
  // uploads: a file over MAX_UPLOAD_BYTES; a completion with parts missing or of the wrong size
  FILE_TOO_LARGE: 413,
  // a per-user cap (active tokens, requests waiting for a decision) is reached
  LIMIT_REACHED: 409,
  // a request body over its cap (MAX_JSON_BODY_BYTES by default)
  PAYLOAD_TOO_LARGE: 413,
  // a method the endpoint does not have (Next answers these before any route code runs)
  METHOD_NOT_ALLOWED: 405,
  UPLOAD_INCOMPLETE: 409,
  SERVICE_UNAVAILABLE: 503,
  // fingerprinted models: the caller's own marked copy is still being made (with Retry-After)
  COPY_PREPARING: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

type AppErrorOptions = {
  /** Safe to show to the user; defaults to a generic text for the code. */
  userMessage?: string;
  /** URL of the next step (accept the license, complete the profile, ...). */
  action?: string;
  /** Per-field messages for VALIDATION_FAILED. */
  fields?: Record<string, string[]>;
  /** Internal detail for logs only; never sent to a client. */
  cause?: unknown;
  /** RATE_LIMITED: seconds until the caller may try again (sent as `Retry-After` and in the body). */
  retryAfterSeconds?: number;
};

const defaultMessages: Partial<Record<ErrorCode, string>> = {
  SIGN_IN_REQUIRED: "Sign in to continue.",
  NOT_FOUND: "Not found.",
  FORBIDDEN: "You are not allowed to do this.",
  VALIDATION_FAILED: "Some fields are not valid.",
  INTERNAL: "Something went wrong on our side. Please try again.",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable.",
  BAD_REQUEST: "The request is malformed.",
  PAYLOAD_TOO_LARGE: "The request body is too large.",
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly action?: string;
  readonly fields?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;
  /**
   * Set on NOT_FOUND only: the mark by which Next.js recognises its own notFound(). A NOT_FOUND that
   * escapes a page (one rendered beside a layout that already answered 404, say) then renders the
   * not-found page with status 404, as an answer, instead of being logged as a failed render.
   */
  readonly digest?: string;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const userMessage = options.userMessage ?? defaultMessages[code] ?? code;
    super(userMessage, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorStatus[code];
    this.userMessage = userMessage;
    this.action = options.action;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
    if (code === "NOT_FOUND") this.digest = "NEXT_HTTP_ERROR_FALLBACK;404";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The JSON body every API error has: `{ error: { code, message, action?, fields?, retryAfterSeconds? } }`. */
export const toErrorBody = (e: AppError) => ({
  error: {
    code: e.code,
    message: e.userMessage,
    ...(e.action ? { action: e.action } : {}),
    ...(e.fields ? { fields: e.fields } : {}),
    ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
  },
});
