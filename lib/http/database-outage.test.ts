import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { findFreePort } from "@/infra/local/ports";
import { db } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { withSqlTransaction } from "@/lib/sql";
import { handleApiError } from "./handle-api-error";
import { isDatabaseUnavailable } from "./is-database-unavailable";

/** What a route answers for the error `fn` rejects with. */
const answerFor = async (fn: () => Promise<unknown>) => {
  const e = await fn().then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err,
  );
  const res = handleApiError(e);
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as never, e };
};

const outage = { error: { code: "SERVICE_UNAVAILABLE", message: expect.any(String), retryAfterSeconds: 5 } };

describe("database outages answer 503 SERVICE_UNAVAILABLE with Retry-After, not 500", () => {
  it("a server that refuses connections (Prisma through the pg adapter, and plain pg)", async () => {
    const port = await findFreePort();
    const url = `postgresql://nobody:x@127.0.0.1:${port}/none`;
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 1000 }),
    });
    try {
      const viaPrisma = await answerFor(() => prisma.$queryRaw`SELECT 1`);
      expect(viaPrisma).toMatchObject({ status: 503, retryAfter: "5", body: outage });
      const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 1000 });
      const viaPg = await answerFor(() => pool.query("SELECT 1"));
      expect(viaPg).toMatchObject({ status: 503, retryAfter: "5", body: outage });
      await pool.end();
    } finally {
      await prisma.$disconnect();
    }
  });

  it("a statement past its timeout, through both pools", async () => {
    const viaPg = await answerFor(() =>
      withSqlTransaction(async (sql) => {
        await sql.query("SET LOCAL statement_timeout = 100");
        await sql.query("SELECT pg_sleep(2)");
      }),
    );
    expect(viaPg).toMatchObject({ status: 503, body: outage });
    const viaPrisma = await answerFor(() =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 100");
        await tx.$queryRawUnsafe("SELECT pg_sleep(2)");
      }),
    );
    expect(viaPrisma).toMatchObject({ status: 503, body: outage });
  });

  it("a connection the server ends in the middle of a transaction: 503, and the process keeps running", async () => {
    const answer = await answerFor(() =>
      withSqlTransaction(async (sql) => {
        const { rows } = await sql.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        // Another connection ends this one, as a restarting server does.
        await db.$queryRawUnsafe(`SELECT pg_terminate_backend(${Number(rows[0]?.pid)})`);
        await sql.query("SELECT 1");
      }),
    );
    expect(answer).toMatchObject({ status: 503, body: outage });
    // The pool dropped the broken connection: the next transaction works.
    expect(await withSqlTransaction(async (sql) => (await sql.query("SELECT 1 AS one")).rows[0])).toEqual({ one: 1 });
  });

  it("anything else is still a 500", async () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    const answer = await answerFor(() => db.$queryRawUnsafe("SELECT * FROM no_such_table"));
    expect(answer.status).toBe(500);
  });
});
