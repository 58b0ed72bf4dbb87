import "server-only";
import type { Tx } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import type { RequestMeta } from "@/lib/schemas/access";

/**
 * Records that `userId` accepted this exact license text (idempotent per version), with its
 * audit row, inside the caller's transaction.
 */
export const recordLicenseAcceptance = async (
  tx: Tx,
  {
    userId,
    modelId,
    licenseVersion,
    meta,
    at = new Date(),
  }: { userId: string; modelId: string; licenseVersion: { id: string; sha256: string }; meta: RequestMeta; at?: Date },
) => {
  const existing = await tx.licenseAcceptance.findFirst({
    where: { userId, licenseVersionId: licenseVersion.id },
    select: { id: true, acceptedAt: true },
  });
  if (existing) return { ...existing, created: false };
  const acceptance = await tx.licenseAcceptance.create({
    data: {
      userId,
      licenseVersionId: licenseVersion.id,
      textSha256: licenseVersion.sha256,
      acceptedAt: at,
      ip: meta.ip?.slice(0, 64) ?? null,
      ipSource: meta.ipSource ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true, acceptedAt: true },
  });
  await appendAuditEvent(tx, {
    actorId: userId,
    action: "license.accepted",
    modelId,
    targetType: "LicenseAcceptance",
    targetId: acceptance.id,
    data: { licenseVersionId: licenseVersion.id, sha256: licenseVersion.sha256 },
  });
  await emitWebhookEvent(tx, {
    event: "license.accepted",
    modelId,
    data: {
      acceptanceId: acceptance.id,
      userId,
      modelId,
      licenseVersionId: licenseVersion.id,
      sha256: licenseVersion.sha256,
    },
  });
  return { ...acceptance, created: true };
};
