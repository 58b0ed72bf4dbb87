import { createRequire } from "node:module";
import { runToEnd } from "@/infra/local/child";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");

/** Runs the Prisma CLI with the Wasm engines only (never a download; RECIPES.md). */
export const runPrisma = (args: string[], databaseUrl: string) =>
  runToEnd(process.execPath, [cli, ...args], {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
    PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });

/** The SQL that creates `schemaPath`'s datamodel from an empty database. */
export const diffScript = async (fromSchema: string | null, toSchema: string, databaseUrl: string) => {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  const out = await runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], databaseUrl);
  // The CLI prints its config notice before the script; keep the SQL only.
  return out.slice(out.search(/^(--|CREATE|ALTER|DROP)/m) === -1 ? out.length : out.search(/^(--|CREATE|ALTER|DROP)/m));
};
