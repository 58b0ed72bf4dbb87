import "server-only";
import { db } from "@/lib/db";
import { isBucketReachable } from "@/lib/storage/head-bucket";

const HEALTH_DB_TIMEOUT_MS = 2_000;

/** Which parts the app depends on answer right now. */
export const checkHealth = async () => {
  const [database, storage] = await Promise.all([
    // Bounded: a stalled server must turn into "down", not a health check that hangs with it.
    Promise.race([
      db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => setTimeout(resolve, HEALTH_DB_TIMEOUT_MS, false).unref()),
    ]),
    isBucketReachable(),
  ]);
  return { ok: database && storage, database: database ? "up" : "down", storage: storage ? "up" : "down" } as const;
};
