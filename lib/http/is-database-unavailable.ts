// Which errors mean "the database cannot answer right now" (503 + Retry-After) rather than a bug (500).
// Kept apart from handle-api-error.ts so the list can grow without touching the mapping.

/** SQLSTATEs of an unreachable, restarting, overloaded or timed-out server. */
const SQLSTATES = new Set([
  "57014", // query_canceled: statement_timeout
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, in recovery)
  "53300", // too_many_connections
  "25P03", // idle_in_transaction_session_timeout
]);
/** Socket errors from the driver. */
const SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);
/** Prisma's codes for the same: unreachable, timed out, closed, pool timeout, transaction not started in time. */
const PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** Driver adapter kinds (Prisma with @prisma/adapter-pg) for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres and Prisma raise some of these as plain Errors with only a message. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection terminated due to connection timeout|terminating connection|the database system is (starting up|shutting down|in recovery|not yet accepting)|server closed the connection|Unable to start a transaction in the given time|Client has encountered a connection error|Can't reach database server|canceling statement due to statement timeout/i;

type Errorish = {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: unknown;
};

/** True when `e` (or anything it wraps) says the database is down, stalled or refusing connections. */
export const isDatabaseUnavailable = (e: unknown, depth = 0): boolean => {
  if (typeof e !== "object" || e === null || depth > 6) return false;
  const x = e as Errorish;
  const code = typeof x.code === "string" ? x.code : undefined;
  if (code && (SQLSTATES.has(code) || code.startsWith("08") || SOCKET.has(code) || PRISMA.has(code))) return true;
  if (typeof x.originalCode === "string" && (SQLSTATES.has(x.originalCode) || x.originalCode.startsWith("08")))
    return true;
  if (typeof x.kind === "string" && ADAPTER_KINDS.has(x.kind)) return true;
  if (typeof x.message === "string" && MESSAGES.test(x.message)) return true;
  if (x.cause && isDatabaseUnavailable(x.cause, depth + 1)) return true;
  if (typeof x.meta === "object" && x.meta !== null)
    return Object.values(x.meta).some((v) => isDatabaseUnavailable(v, depth + 1));
  return false;
};

/** Seconds a client should wait before trying again during an outage (sent as Retry-After). */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
