import "server-only";
import pg from "pg";
import { poolTimeouts } from "@/lib/db-timeouts";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// Prisma writes DateTime as UTC into `timestamp(3)` (no time zone); pg would read those as local time.
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID
      ? (s: string) => new Date(`${s.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const globalForSql = globalThis as unknown as { sqlPool?: pg.Pool };

/**
 * A plain `pg` pool beside Prisma's, for the hot paths where Prisma's per-query overhead is most of
 * the cost (URL issuance, token lookup) and for libraries that speak `pg` (the rate limiter).
 * Dates go in as ISO strings (`toIso`) and come out as UTC Dates; int8 comes out as a string.
 */
export const sqlPool = () => (globalForSql.sqlPool ??= createPool());

const createPool = () => {
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: 10,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    types,
    ...poolTimeouts(),
  });
  // An idle connection the server ends (a restart, a failover) is dropped from the pool; without a
  // listener its 'error' event would end the process.
  // (Only the code and message: the error carries the whole client, connection settings included.)
  pool.on("error", (err: Error & { code?: string }) =>
    logger.warn({ code: err.code, message: err.message }, "an idle database connection was closed"),
  );
  return pool;
};

/** Ends the pool (scripts that stop their database afterwards); the next sqlPool() opens a new one. */
export const closeSqlPool = async () => {
  const pool = globalForSql.sqlPool;
  globalForSql.sqlPool = undefined;
  await pool?.end();
};

/** What the SQL helpers need: a pool or a client inside a transaction. */
export type SqlRunner = Pick<pg.PoolClient, "query">;

/** A Date as the UTC text a `timestamp(3)` column stores (never the process's local time). */
export const toIso = (d: Date) => d.toISOString();

/** Runs `fn` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK when it throws. */
export const withSqlTransaction = async <T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> => {
  const client = await sqlPool().connect();
  // Checked out, the client is not the pool's to watch: a server that goes away mid-transaction emits
  // 'error' here, which would end the process without a listener. The query in flight rejects anyway.
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    // A connection that could not roll back is broken: release(err) destroys it instead of pooling it.
    if (!lost) await client.query("ROLLBACK").catch((err: Error) => (lost = err));
    throw e;
  } finally {
    client.removeListener("error", onError);
    client.release(lost);
  }
};
