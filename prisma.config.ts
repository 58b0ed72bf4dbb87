import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma";

// The Wasm schema engine ("js") talks through the pg adapter, so no Rust engine is ever
// downloaded (docs/ARCHITECTURE.md). DATABASE_URL is set by the embedded stack or by the operator.
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // A short idle timeout lets the CLI exit as soon as it is done (the pool would otherwise hold it ~10 s).
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "", idleTimeoutMillis: 50, allowExitOnIdle: true }),
} satisfies PrismaConfig;
