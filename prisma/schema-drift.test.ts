// Fails when prisma/schema.prisma and prisma/migrations disagree: one database gets every
// migration, another gets the schema's datamodel (from empty) plus the `-- manual` migrations
// (what Prisma cannot express); their schemas must be identical.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "@/infra/local/postgres";
import { diffScript, runPrisma } from "./prisma-cli";
import { schemaSnapshot } from "./schema-snapshot";

const migrationsDir = path.join(import.meta.dirname, "migrations");
const manualMigrations = readdirSync(migrationsDir)
  .filter((d) => d !== "migration_lock.toml")
  .sort()
  .map((d) => readFileSync(path.join(migrationsDir, d, "migration.sql"), "utf8"))
  .filter((sql) => sql.startsWith("-- manual"));

// Creating databases takes the owner (the app role may not).
const newDatabase = () =>
  ensureDatabase(
    (process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL) as string,
    `drift_${randomUUID().replace(/-/g, "")}`,
  );

const execute = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

describe("schema.prisma and the migrations", () => {
  let fromMigrations: string[];
  let fromSchema: string[];

  beforeAll(async () => {
    const [a, b] = await Promise.all([newDatabase(), newDatabase()]);
    await runPrisma(["migrate", "deploy"], a);
    await execute(b, await diffScript(null, "prisma/schema.prisma", b));
    for (const sql of manualMigrations) await execute(b, sql);
    [fromMigrations, fromSchema] = await Promise.all([schemaSnapshot(a), schemaSnapshot(b)]);
  });

  it("produce the same database schema", () => {
    expect(fromMigrations.length).toBeGreaterThan(50);
    expect(fromMigrations).toEqual(fromSchema);
  });

  it("include the manual constraints (so the comparison covers them)", () => {
    expect(manualMigrations.length).toBeGreaterThan(0);
    expect(fromMigrations.some((l) => l.includes("AccessRequest_one_open_per_user_model"))).toBe(true);
    expect(fromMigrations.some((l) => l.startsWith("trigger") && l.includes("AuditEvent_append_only"))).toBe(true);
  });

  it("would notice a difference", async () => {
    const c = await newDatabase();
    await runPrisma(["migrate", "deploy"], c);
    await execute(c, `ALTER TABLE "Model" ADD COLUMN "drift" integer`);
    const drifted = await schemaSnapshot(c);
    expect(drifted).not.toEqual(fromMigrations);
    expect(drifted.filter((l) => !fromMigrations.includes(l))).toEqual([expect.stringContaining("column Model.drift")]);
  });
});
