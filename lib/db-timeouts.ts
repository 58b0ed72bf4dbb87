import "server-only";
import type pg from "pg";
import { env } from "@/lib/env";

/**
 * Timeouts every PostgreSQL pool of the app uses (lib/sql.ts, the Prisma adapter, pg-boss): without
 * them a stalled or unreachable server hangs each request for as long as the outage lasts.
 * statement_timeout is enforced by the server; query_timeout is the client's own bound for a server
 * that does not answer at all (SIGSTOP, a network partition), so it is a little longer.
 */
export const poolTimeouts = (): Pick<
  pg.PoolConfig,
  | "connectionTimeoutMillis"
  | "statement_timeout"
  | "query_timeout"
  | "idle_in_transaction_session_timeout"
  | "keepAlive"
> => ({
  connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
  statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
  query_timeout: env.DB_STATEMENT_TIMEOUT_MS + 1000,
  idle_in_transaction_session_timeout: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  keepAlive: true,
});
