import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { GRANT_EXCLUSIVE_LOCK_SQL, GRANT_LOCK_NAMESPACE } from "@/lib/domain/access/grant-lock";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import { env } from "@/lib/env";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { sweepFingerprintCopiesJob } from "@/lib/jobs/fingerprint-copies";
import { enqueue } from "@/lib/jobs/queue";
import { grantRevokedEmail } from "@/lib/mail/access-emails";
import { ZRevokeGrantInput } from "@/lib/schemas/review";

/**
 * The revocation itself, inside the caller's transaction, for callers already authorized (a
 * reviewer through revokeGrant, or the operator's `ops revoke`). Conditional on APPROVED, so a
 * grant revoked (or expired) meanwhile is a CONFLICT naming its status; one audit row and the
 * grantee's mail are written with it.
 * (Kept free of auth imports so the ops CLI can load it alone.)
 */
export const revokeGrantTx = async (
  tx: Tx,
  input: { requestId: string; actorId: string | null; reasonText: string; via?: string },
) => {
  const { reasonText } = ZRevokeGrantInput.parse({ reasonText: input.reasonText });
  const id = input.requestId;
  // Ahead of every issuance not yet holding the grant's lock (grant-lock.ts).
  await tx.$executeRawUnsafe(GRANT_EXCLUSIVE_LOCK_SQL, GRANT_LOCK_NAMESPACE, id);
  const { count } = await tx.accessRequest.updateMany({
    where: { id, status: "APPROVED" },
    data: { status: "REVOKED", revokedAt: new Date(), reasonCode: "REVOKED", reasonText },
  });
  const request = await tx.accessRequest.findUnique({
    where: { id },
    select: {
      status: true,
      modelId: true,
      user: { select: { email: true } },
      model: { select: { title: true, slug: true } },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", { userMessage: "No such request." });
  if (count === 0)
    throw new AppError("CONFLICT", {
      userMessage: `Only an active grant can be revoked; this request is ${request.status.toLowerCase()}.`,
    });
  await appendAuditEvent(tx, {
    actorId: input.actorId,
    action: "access_request.revoked",
    modelId: request.modelId,
    targetType: "AccessRequest",
    targetId: id,
    data: { reason: reasonText, ...(input.via ? { via: input.via } : {}) },
  });
  await emitWebhookEvent(tx, {
    event: "access_request.revoked",
    modelId: request.modelId,
    data: {
      requestId: id,
      model: request.model.slug,
      email: request.user.email,
      status: "REVOKED",
      reasonCode: "REVOKED",
    },
  });
  if (request.user.email)
    await enqueueEmail(tx, {
      to: request.user.email,
      kind: "grant-revoked",
      content: grantRevokedEmail({
        appUrl: env.NEXTAUTH_URL,
        modelTitle: request.model.title,
        slug: request.model.slug,
        reason: reasonText,
      }),
    });
  // A revoked grant's marked copies leave the store now, not at the next scheduled sweep.
  await enqueue(sweepFingerprintCopiesJob, {}, { tx });
  return { id, status: "REVOKED" as const };
};
