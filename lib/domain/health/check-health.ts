import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isBucketReachable } from "@/lib/storage/head-bucket";

/** A connection within the connect timeout, then `SELECT 1` within a second (3 s by default). */
const healthDbTimeoutMs = () => env.DB_CONNECT_TIMEOUT_MS + 1_000;

/** Which parts the app depends on answer right now. */
export const checkHealth = async () => {
  const [database, storage] = await Promise.all([
    // Bounded: a stalled server must turn into "down", not a health check that hangs with it.
    Promise.race([
      db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => setTimeout(resolve, healthDbTimeoutMs(), false).unref()),
    ]),
    isBucketReachable(),
  ]);
  return { ok: database && storage, database: database ? "up" : "down", storage: storage ? "up" : "down" } as const;
};
