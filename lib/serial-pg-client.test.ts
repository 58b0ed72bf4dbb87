import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { SerialPgClient } from "./serial-pg-client";

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

describe("SerialPgClient", () => {
  afterEach(() => void process.off("warning", onWarning));

  it("runs concurrent queries one after another, in the order issued, without pg's deprecation warning", async () => {
    process.on("warning", onWarning);
    const client = new SerialPgClient({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("CREATE TEMP TABLE serial_order (n int, at timestamptz DEFAULT clock_timestamp())");
      // The first sleeps: were they sent together, the later inserts would still queue behind it in pg,
      // which is what warns; sent one by one, each starts after the previous answered.
      const results = await Promise.all([
        client.query("SELECT pg_sleep(0.1), 1 AS n"),
        client.query("INSERT INTO serial_order (n) VALUES (2)"),
        client.query("INSERT INTO serial_order (n) VALUES (3)"),
        client.query({ text: "SELECT $1::int AS n", values: [4] }),
      ]);
      expect(results.map((r) => r.rows[0]?.n ?? r.command)).toEqual([1, "INSERT", "INSERT", 4]);
      const { rows } = (await client.query("SELECT n FROM serial_order ORDER BY at")) as { rows: { n: number }[] };
      expect(rows.map((r) => r.n)).toEqual([2, 3]);
      // A failed query does not stop the ones after it.
      const [failed, next] = await Promise.allSettled([client.query("SELECT 1/0"), client.query("SELECT 5 AS n")]);
      expect(failed.status).toBe("rejected");
      expect(next.status === "fulfilled" && next.value.rows[0]?.n).toBe(5);
    } finally {
      await client.end();
    }
    expect(warnings.filter((w) => w.name === "DeprecationWarning").map((w) => w.message)).toEqual([]);
  });
});
