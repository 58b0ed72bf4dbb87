// Pages during a database outage. API and Hub routes turn a database-unavailable error into 503
// themselves (handle-api-error.ts), but Next renders a page that failed as its 500 error page and
// offers no way to choose another status. So the web role's server (infra/roles/web.ts) watches each
// request: whatever sees the database fail while it is served (a failed render, through
// instrumentation.ts; a session lookup next-auth swallowed, through its logger) notes it here, and the
// server answers 503 with Retry-After in place of the status Next was about to send. The same hook
// gives Next's bare 405 (a method a route does not export) the JSON error body every API answer has.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { toErrorBody, AppError } from "@/lib/errors";
import { errorAnswer, isHubPath } from "./edge";
import { isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from "./is-database-unavailable";

type Watch = { databaseUnavailable: boolean };

// On globalThis: the server and Next's bundles (instrumentation, pages) are separate module graphs.
const KEY = Symbol.for("weights-registry.request-outage");
const store = globalThis as unknown as Record<symbol, AsyncLocalStorage<Watch> | undefined>;
const requests = (store[KEY] ??= new AsyncLocalStorage<Watch>());

/** Records that the request being served saw the database down, stalled or refusing connections. */
export const noteRequestError = (e: unknown) => {
  const watch = requests.getStore();
  if (watch && isDatabaseUnavailable(e)) watch.databaseUnavailable = true;
};

const outagePage = (seconds: number) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${seconds}">
<title>Temporarily unavailable · Weights Registry</title>
</head>
<body>
<main>
<h1>The registry is temporarily unavailable</h1>
<p>Its database is not answering. Try again in ${seconds} seconds; this page reloads by itself.</p>
</main>
</body>
</html>
`;

/** The answer during an outage: the JSON error under /api, a short self-reloading page elsewhere. */
const outageAnswer = (url: string) => {
  const api = url.startsWith("/api/");
  const body = api
    ? JSON.stringify(
        toErrorBody(new AppError("SERVICE_UNAVAILABLE", { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS })),
      )
    : outagePage(OUTAGE_RETRY_AFTER_SECONDS);
  return {
    status: 503,
    body,
    headers: {
      "Content-Type": api ? "application/json" : "text/html; charset=utf-8",
      "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    },
  };
};

/**
 * Which answers an outage replaces: every page's (Next may have rendered its 500 page, or a signed-out
 * page after next-auth swallowed the session error), but only the 500s under /api, whose routes
 * already answer their own 503 in their own shape.
 */
const replaces = (url: string | undefined, status: number) => !(url ?? "/").startsWith("/api/") || status === 500;

/**
 * Serves one request through `handle`, answering 503 SERVICE_UNAVAILABLE with Retry-After instead of
 * what it would have sent when the database failed it. Pages get a short HTML page, /api the JSON
 * error body.
 */
export const serveWatchingOutages = (req: IncomingMessage, res: ServerResponse, handle: () => unknown) => {
  const watch: Watch = { databaseUnavailable: false };
  const { writeHead, write, end, flushHeaders } = res;
  let replaced = false;
  /**
   * What to send instead of `status`, if anything: the outage answer when the database failed this
   * request, or, under /api and the Hub routes, the JSON error for a method the route does not have
   * (Next answers that 405 itself, with an empty body, before any of our code runs).
   */
  const substitute = (status: number) => {
    const url = req.url ?? "/";
    if (watch.databaseUnavailable && replaces(url, status)) return outageAnswer(url);
    if (status === 405 && (url.startsWith("/api/") || isHubPath(url)))
      return errorAnswer(url, "METHOD_NOT_ALLOWED", `This endpoint does not accept ${req.method ?? "this method"}.`);
    return undefined;
  };
  /** Sends the substitute answer when one is due and the head is not out yet; true once it has been sent. */
  const replace = (status: number) => {
    if (replaced) return true;
    if (res.headersSent) return false;
    const answer = substitute(status);
    if (!answer) return false;
    replaced = true;
    // Nothing of the answer Next prepared survives (its length, encoding, cookies, caching).
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const headers: OutgoingHttpHeaders = { ...answer.headers, "Content-Length": Buffer.byteLength(answer.body) };
    writeHead.call(res, answer.status, headers);
    (end as (chunk?: string) => void).call(res, req.method === "HEAD" ? undefined : answer.body);
    return true;
  };
  const callbackOf = (args: unknown[]) => args.find((a) => typeof a === "function") as (() => void) | undefined;
  // Each way Next can send the head (explicitly, or implicitly with the first write or the end) checks
  // first; whatever Next still writes after a replacement goes nowhere.
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (replace(status)) return this;
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as typeof res.writeHead;
  res.flushHeaders = function (this: ServerResponse) {
    if (!replace(this.statusCode)) flushHeaders.call(this);
  };
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    if (!replace(this.statusCode)) return (write as (...a: unknown[]) => boolean).apply(this, args);
    callbackOf(args)?.();
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (!replace(this.statusCode)) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    callbackOf(args)?.();
    return this;
  } as typeof res.end;
  return requests.run(watch, handle);
};
