import "server-only";
import { sqlPool } from "@/lib/sql";

/**
 * The sha256 and size of each file of a version for which this user holds a made copy under a live
 * grant, by path: what the Hub's tree, paths-info and model info list for that caller, so a client
 * that checks what it downloaded against the listing finds its own copy's digest.
 */
export const callerCopyEntries = async (userId: string | null | undefined, versionId: string) => {
  if (!userId) return new Map<string, { sha256: string; size: bigint }>();
  const { rows } = await sqlPool().query<{ path: string; sha256: string; size: string }>({
    name: "caller-copy-entries",
    text: `SELECT f.path, c.sha256, c.size::text AS size
           FROM "FingerprintCopy" c
           JOIN "AccessRequest" a ON a.id = c."grantId" AND a."userId" = $1 AND a.status = 'APPROVED'
                                 AND (a."expiresAt" IS NULL OR a."expiresAt" > now())
           JOIN "ModelFile" f ON f.id = c."fileId" AND f."versionId" = $2
           WHERE c.status = 'READY'`,
    values: [userId, versionId],
  });
  return new Map(rows.map((r) => [r.path, { sha256: r.sha256, size: BigInt(r.size) }]));
};
