import "server-only";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { deleteObject } from "@/lib/storage/delete-object";

/**
 * Deletes every copy whose grant no longer lets anyone download (revoked, expired, withdrawn, not
 * approved) or whose model is no longer fingerprinted: the object first, then the row with an
 * audit row. Idempotent: S3 answers a repeated delete with success.
 */
export const sweepFingerprintCopies = async ({ limit = 500 }: { limit?: number } = {}) => {
  const now = new Date();
  const ended = await db.fingerprintCopy.findMany({
    where: {
      OR: [
        { grant: { status: { not: "APPROVED" } } },
        { grant: { expiresAt: { lte: now } } },
        { grant: { model: { fingerprinting: false } } },
      ],
    },
    select: {
      id: true,
      grantId: true,
      fileId: true,
      storageKey: true,
      sha256: true,
      grant: { select: { modelId: true, status: true } },
    },
    take: limit,
  });
  for (const copy of ended) {
    if (copy.storageKey) await deleteObject({ key: copy.storageKey });
    await db.$transaction(async (tx) => {
      const { count } = await tx.fingerprintCopy.deleteMany({ where: { id: copy.id } });
      if (!count || !copy.storageKey) return;
      await appendAuditEvent(tx, {
        actorId: null,
        action: "fingerprint.copy_deleted",
        modelId: copy.grant.modelId,
        targetType: "FingerprintCopy",
        targetId: copy.id,
        data: { grantId: copy.grantId, fileId: copy.fileId, sha256: copy.sha256, grantStatus: copy.grant.status },
      });
    });
  }
  return { deleted: ended.length };
};
