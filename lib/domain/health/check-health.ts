import "server-only";
import { db } from "@/lib/db";
import { isBucketReachable } from "@/lib/storage/head-bucket";

/** Which parts the app depends on answer right now. */
export const checkHealth = async () => {
  const [database, storage] = await Promise.all([
    db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    ),
    isBucketReachable(),
  ]);
  return { ok: database && storage, database: database ? "up" : "down", storage: storage ? "up" : "down" } as const;
};
