import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { gateError } from "@/lib/domain/access/gate-codes";
import { HAS_QUOTA_SQL, QUOTA_BYTES_SQL, QUOTA_FILES_SQL } from "@/lib/domain/access/gate-sql";
import { GRANT_LOCK_NAMESPACE, GRANT_SHARED_LOCK_SQL } from "@/lib/domain/access/grant-lock";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import type { TDownloadMeta } from "@/lib/schemas/downloads";
import { chargeDownloadQuota } from "./download-quota";
import { downloadIssuedAudit } from "./download-issued-audit";
import { insertDownloadEvents } from "./insert-download-events";
import { rateLimitDownloads, type DownloadRateLimiter } from "./rate-limit-downloads";

export type RecordInput = {
  userId: string;
  model: { id: string; slug: string };
  version: { id: string; commitSha: string };
  grantId: string | null;
  files: { id: string; path: string; size: bigint }[];
  meta: TDownloadMeta;
  issuedAt: Date;
  urlExpiresAt: Date;
  via: "file" | "manifest" | "playground";
  /** What the gate read saw; when both are known to be false the plain-SQL fast path is taken. */
  hasQuota?: boolean;
  hooked?: boolean;
  /** The rate-limit charge of this issuance, when the caller has not made it yet. */
  rateLimit?: { limiter?: DownloadRateLimiter };
};

/**
 * One DownloadEvent and one `download.issued` audit row per file, in one transaction. The grant
 * row is read again and locked: a revocation that committed after the gate check refuses here,
 * one still in flight waits until these events are recorded (so it comes after them), and two
 * issuances under one grant take its download quota one after the other.
 */
export const recordDownloadEvents = async (input: RecordInput) => {
  // The fast path makes the rate-limit charge in its own statement, in the same transaction; it
  // charges nothing when it hands over to the full path (a webhook appeared), which charges first.
  if (input.hasQuota === false && input.hooked === false) {
    const events = await insertDownloadEvents(input);
    if (events) return events;
  }
  if (input.rateLimit) await rateLimitDownloads(input.userId, { slug: input.model.slug, ...input.rateLimit });
  return recordWithQuotaAndWebhooks(input);
};

/** The full path: quota charged under the grant's lock, the webhook event in the same transaction. */
const recordWithQuotaAndWebhooks = ({
  userId,
  model,
  version,
  grantId,
  files,
  meta,
  issuedAt,
  urlExpiresAt,
  via,
}: RecordInput) =>
  db.$transaction(async (tx) => {
    // Without a grant (an OPEN model) every download counts; there is no quota to take it from.
    let counted = new Set(files.map((f) => f.id));
    if (grantId) {
      await tx.$executeRawUnsafe(GRANT_SHARED_LOCK_SQL, GRANT_LOCK_NAMESPACE, grantId);
      // A quota is charged one issuance at a time (FOR UPDATE); without one, a grant's issuances run
      // side by side (FOR SHARE), still ordered against a revocation. A quota set between this read
      // and the lock applies from the next issuance on.
      const [pre] = await tx.$queryRaw<{ hasQuota: boolean }[]>`
        SELECT ${Prisma.raw(HAS_QUOTA_SQL)} AS "hasQuota"
        FROM "AccessRequest" r JOIN "Model" m ON m.id = r."modelId" WHERE r.id = ${grantId}`;
      const lock = Prisma.raw(pre?.hasQuota ? "FOR UPDATE OF r" : "FOR SHARE OF r");
      const [grant] = await tx.$queryRaw<
        {
          status: string;
          expiresAt: Date | null;
          reasonText: string | null;
          quotaFiles: number | null;
          quotaBytes: bigint | null;
        }[]
      >`
        SELECT r.status::text AS status, r."expiresAt", r."reasonText",
               ${Prisma.raw(QUOTA_FILES_SQL)} AS "quotaFiles", ${Prisma.raw(QUOTA_BYTES_SQL)} AS "quotaBytes"
        FROM "AccessRequest" r JOIN "Model" m ON m.id = r."modelId" WHERE r.id = ${grantId} ${lock}`;
      if (grant?.status === "REVOKED") throw gateError("GRANT_REVOKED", { slug: model.slug, reason: grant.reasonText });
      if (grant?.status !== "APPROVED" || (grant.expiresAt && grant.expiresAt <= new Date()))
        throw gateError("GRANT_EXPIRED", { slug: model.slug, until: grant?.expiresAt ?? null });
      const limits = pre?.hasQuota
        ? { files: grant.quotaFiles, bytes: grant.quotaBytes === null ? null : BigInt(grant.quotaBytes) }
        : { files: null, bytes: null };
      counted = await chargeDownloadQuota(tx, { grantId, limits, files, now: issuedAt, slug: model.slug });
    }
    const events = await tx.downloadEvent.createManyAndReturn({
      data: files.map((f) => ({
        userId,
        modelId: model.id,
        versionId: version.id,
        fileId: f.id,
        requestId: grantId,
        channel: meta.channel,
        ip: meta.ip?.slice(0, 64) ?? null,
        ipSource: meta.ipSource ?? null,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        issuedAt,
        urlExpiresAt,
        countsTowardQuota: counted.has(f.id),
      })),
      select: { id: true, fileId: true },
    });
    const pathOf = new Map(files.map((f) => [f.id, f.path]));
    // One webhook event per issuance (a manifest is one), naming every file; never the URLs. The
    // user's e-mail is looked up only when a webhook listens: issuance is a hot path.
    await emitWebhookEvent(tx, {
      event: "download.issued",
      modelId: model.id,
      data: async () => ({
        model: model.slug,
        userId,
        email: (await tx.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null,
        requestId: grantId,
        revision: version.commitSha,
        channel: meta.channel,
        urlExpiresAt,
        files: events.map((e) => ({
          downloadEventId: e.id,
          path: pathOf.get(e.fileId),
          countsTowardQuota: counted.has(e.fileId),
        })),
      }),
    });
    // The audit appends come last: their global lock is then held only until the commit.
    for (const event of events)
      await appendAuditEvent(
        tx,
        downloadIssuedAudit(
          { userId, model, version, meta, grantId, urlExpiresAt, via },
          { ...event, path: pathOf.get(event.fileId), countsTowardQuota: counted.has(event.fileId) },
        ),
      );
    return events;
  });
