import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sqlPool, toIso, withSqlTransaction } from "./sql";

describe("sqlPool", () => {
  it("reads timestamp(3) columns as UTC and writes ISO text back unchanged", async () => {
    const at = new Date("2026-05-06T07:08:09.123Z");
    const { rows } = await sqlPool().query<{ t: Date }>(`SELECT $1::timestamp(3) AS t`, [toIso(at)]);
    expect(rows[0]?.t.toISOString()).toBe(at.toISOString());
  });

  it("survives the server ending an idle connection, and the next query gets a fresh one", async () => {
    const pool = sqlPool();
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
    client.release();
    const closed = new Promise((resolve) => pool.once("error", resolve));
    await db.$queryRawUnsafe(`SELECT pg_terminate_backend(${Number(rows[0]?.pid)})`);
    await closed;
    const again = await pool.query<{ one: number }>(`SELECT 1 AS one`);
    expect(again.rows[0]?.one).toBe(1);
  });

  it("commits a transaction whose function returns, and rolls back one whose function throws", async () => {
    const key = `sql-test-${Date.now()}`;
    const count = async () =>
      (
        await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM "RateLimit" WHERE key LIKE $1`,
          `${key}%`,
        )
      )[0]?.n;
    await withSqlTransaction((sql) =>
      sql.query(`INSERT INTO "RateLimit" (key, points) VALUES ($1, 1)`, [`${key}-kept`]),
    );
    await expect(
      withSqlTransaction(async (sql) => {
        await sql.query(`INSERT INTO "RateLimit" (key, points) VALUES ($1, 1)`, [`${key}-lost`]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await count()).toBe(1);
    await db.$executeRawUnsafe(`DELETE FROM "RateLimit" WHERE key LIKE $1`, `${key}%`);
  });
});
