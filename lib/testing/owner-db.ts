// Tests that act as the database's owner (a superuser on the embedded stack): what someone holding
// the migration credentials could do, which the app's own role cannot.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export const ownerUrl = () => {
  const url = process.env.MIGRATION_DATABASE_URL;
  if (!url) throw new Error("MIGRATION_DATABASE_URL is not set (the test stack sets it)");
  return url;
};

/** A Prisma client connected as the owner. Disconnect it in afterAll. */
export const ownerDb = () => new PrismaClient({ adapter: new PrismaPg({ connectionString: ownerUrl() }) });

/** Runs `fn` on one `pg` connection as the owner (or `url`), then closes it. */
export const withOwnerClient = async <T>(fn: (client: pg.Client) => Promise<T>, url = ownerUrl()) => {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
};
