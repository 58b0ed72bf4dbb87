import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { poolTimeouts } from "@/lib/db-timeouts";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SerialPgClient } from "@/lib/serial-pg-client";

const createClient = () =>
  new PrismaClient({
    adapter: new PrismaPg(
      // Prisma sends a transaction's independent steps at once on its one connection: queue them here.
      { connectionString: env.DATABASE_URL, ...poolTimeouts(), Client: SerialPgClient },
      {
        // Without these a connection the server ends (a restart, an outage) is an uncaughtException.
        onPoolError: (err) => logger.warn({ message: err.message }, "an idle database connection was closed"),
        onConnectionError: (err) => logger.warn({ message: err.message }, "a database connection was lost"),
      },
    ),
    transactionOptions: { maxWait: 5_000, timeout: 15_000 },
    // Token hashes never leave the database layer unless a query asks for them by name.
    omit: { apiToken: { tokenHash: true } },
    log: env.NODE_ENV === "development" ? ["warn", "error"] : env.NODE_ENV === "test" ? [] : ["error"],
  });

type Db = ReturnType<typeof createClient>;
const globalForDb = globalThis as unknown as { db?: Db };

/** The one Prisma client (cached on globalThis so dev reloads do not open new pools). */
export const db: Db = globalForDb.db ?? createClient();
if (env.NODE_ENV !== "production") globalForDb.db = db;

/** A transaction client, for domain functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
