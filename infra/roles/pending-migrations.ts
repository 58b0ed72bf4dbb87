import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** The migrations this version ships, by name (the folders of prisma/migrations). */
export const shippedMigrations = () =>
  readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();

/**
 * Why the database at `url` is not ready for this version, or null when it is: unreachable, or
 * migrations this version ships that it has not applied. Web and worker refuse to start on a reason.
 */
export const databaseNotReady = async (url: string, connectTimeoutMs: number): Promise<string | null> => {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: 10_000,
  });
  client.on("error", () => {});
  const where = (() => {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  })();
  try {
    await client.connect();
  } catch (e) {
    return `Cannot reach the database at ${where} (${e instanceof Error ? e.message : String(e)}). Check DATABASE_URL.`;
  }
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = shippedMigrations().filter((m) => !applied.has(m));
    if (!pending.length) return null;
    return (
      `The database at ${where} is behind this version: ${pending.length} migration${pending.length === 1 ? "" : "s"} ` +
      `not applied (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}). Run \`npm run migrate\` first.`
    );
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "42P01")
      return `The database at ${where} has no migrations applied (an empty database?). Run \`npm run migrate\` first.`;
    return `Cannot check the migrations of the database at ${where} (${e instanceof Error ? e.message : String(e)}).`;
  } finally {
    await client.end().catch(() => {});
  }
};
