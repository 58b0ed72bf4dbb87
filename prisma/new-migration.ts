// npm run migration:new -- <name>
// `prisma migrate dev` needs the downloaded schema engine (docs/ARCHITECTURE.md), so a new migration is the
// datamodel diff between the committed schema (git HEAD) and the edited one. Commit the schema
// together with its migration; prisma/schema-drift.test.ts fails when they disagree.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTempPostgres } from "@/lib/testing/temp-postgres";
import { diffScript } from "./prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run migration:new -- <snake_case_name>");
  process.exit(2);
}

const headSchema = (() => {
  try {
    return execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
})();

const pg = await startTempPostgres();
try {
  let from: string | null = null;
  if (headSchema) {
    from = path.join(mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
    writeFileSync(from, headSchema);
  }
  const sql = (await diffScript(from, "prisma/schema.prisma", pg.url)).trim();
  if (!sql || /^-- This is an empty migration/.test(sql)) {
    console.log("schema.prisma has no changes since HEAD: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`wrote ${dir}/migration.sql`);
  }
} finally {
  await pg.stop();
}
