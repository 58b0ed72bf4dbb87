import "server-only";
import { db } from "@/lib/db";
import { QUOTA_BYTES_SQL, QUOTA_FILES_SQL } from "@/lib/domain/access/gate-sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { quotaUsage } from "./download-quota";

export type GrantQuota = {
  files: { limit: number; used: number } | null;
  bytes: { limit: number; used: number } | null;
};

/**
 * What a grant may still download and what it used, for the grantee's pages, the API and the CLI;
 * null when neither the grant nor its model sets a quota. Callers pass a grant they may see.
 */
export const getGrantQuota = async (grantId: string): Promise<GrantQuota | null> => {
  const [row] = await db.$queryRaw<{ files: number | null; bytes: bigint | null }[]>`
    SELECT ${Prisma.raw(QUOTA_FILES_SQL)} AS files, ${Prisma.raw(QUOTA_BYTES_SQL)} AS bytes
    FROM "AccessRequest" r JOIN "Model" m ON m.id = r."modelId" WHERE r.id = ${grantId}`;
  if (!row || (row.files === null && row.bytes === null)) return null;
  const used = await quotaUsage(db, grantId);
  return {
    files: row.files === null ? null : { limit: row.files, used: used.files },
    bytes: row.bytes === null ? null : { limit: Number(row.bytes), used: Number(used.bytes) },
  };
};
