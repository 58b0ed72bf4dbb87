import "server-only";
import type { Tx } from "@/lib/db";
import { gateError } from "@/lib/domain/access/gate-codes";
import { formatBytes } from "@/lib/format";

/** A grant's quota; null means unlimited. The grant's own value overrides the model's default. */
export type QuotaLimits = { files: number | null; bytes: bigint | null };
export type QuotaUsage = { files: number; bytes: bigint };
type Db = Pick<Tx, "$queryRaw">;

/** Downloads counted so far under a grant, with the bytes of the files they named. */
export const quotaUsage = async (tx: Db, grantId: string): Promise<QuotaUsage> => {
  const [row] = await tx.$queryRaw<{ files: number; bytes: bigint }[]>`
    SELECT count(*)::int AS files, coalesce(sum(f.size), 0)::bigint AS bytes
    FROM "DownloadEvent" e JOIN "ModelFile" f ON f.id = e."fileId"
    WHERE e."requestId" = ${grantId} AND e."countsTowardQuota"`;
  return { files: row?.files ?? 0, bytes: BigInt(row?.bytes ?? 0) };
};

/** "3 of 10 downloads, 1.2 GB of 5 GB": what is left, for messages and pages. */
export const describeQuotaLeft = (limits: QuotaLimits, used: QuotaUsage) =>
  [
    limits.files !== null ? `${Math.max(0, limits.files - used.files)} of ${limits.files} downloads` : null,
    limits.bytes !== null
      ? `${formatBytes(Math.max(0, Number(limits.bytes - used.bytes)))} of ${formatBytes(Number(limits.bytes))}`
      : null,
  ]
    .filter(Boolean)
    .join(", ");

/**
 * Which of `files` count as new downloads under the grant, refusing with QUOTA_EXCEEDED when they
 * would go over it. A file for which the grant still holds an unexpired URL does not count again:
 * the Hub clients' HEAD-then-GET, a retry or a resume is one download. Call with the grant row
 * locked FOR UPDATE so that simultaneous issuances cannot both take the last download.
 */
export const chargeDownloadQuota = async (
  tx: Db,
  {
    grantId,
    limits,
    files,
    now,
    slug,
  }: { grantId: string; limits: QuotaLimits; files: { id: string; size: bigint }[]; now: Date; slug: string },
): Promise<Set<string>> => {
  const ids = files.map((f) => f.id);
  const live = await tx.$queryRaw<{ fileId: string }[]>`
    SELECT DISTINCT "fileId" FROM "DownloadEvent"
    WHERE "requestId" = ${grantId} AND "fileId" = ANY(${ids}) AND "urlExpiresAt" > ${now}`;
  const liveIds = new Set(live.map((r) => r.fileId));
  const counted = files.filter((f) => !liveIds.has(f.id));
  if (limits.files === null && limits.bytes === null) return new Set(counted.map((f) => f.id));

  const used = await quotaUsage(tx, grantId);
  const addBytes = counted.reduce((s, f) => s + f.size, 0n);
  const overFiles = limits.files !== null && used.files + counted.length > limits.files;
  const overBytes = limits.bytes !== null && used.bytes + addBytes > limits.bytes;
  if (overFiles || overBytes) throw gateError("QUOTA_EXCEEDED", { slug, quotaLeft: describeQuotaLeft(limits, used) });
  return new Set(counted.map((f) => f.id));
};
