import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { runToEnd } from "@/infra/local/child";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const unrefLongTimers = fileURLToPath(new URL("../infra/local/unref-long-timers.cjs", import.meta.url));

/** Environment for the Prisma CLI: Wasm engines only, never a download (docs/ARCHITECTURE.md), no telemetry. */
export const prismaEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: databaseUrl,
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
});

/** Runs the Prisma CLI (exits as soon as it is done; see unref-long-timers.cjs). */
export const runPrisma = (args: string[], databaseUrl: string) =>
  runToEnd(process.execPath, ["--require", unrefLongTimers, cli, ...args], prismaEnv(databaseUrl));

/** The SQL that takes a database from `fromSchema`'s datamodel (or empty) to `toSchema`'s. */
export const diffScript = async (fromSchema: string | null, toSchema: string, databaseUrl: string) => {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  const out = await runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], databaseUrl);
  // The CLI prints its config notice before the script; keep the SQL only.
  const start = out.search(/^(--|CREATE|ALTER|DROP)/m);
  return start === -1 ? "" : out.slice(start);
};
