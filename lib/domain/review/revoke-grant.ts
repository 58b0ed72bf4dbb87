import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZRevokeGrantInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";

/**
 * Ends an active grant now, with a reason the grantee sees. From this moment the gate answers
 * GRANT_REVOKED for that user and model; a renewal request goes to a reviewer.
 */
export const revokeGrant = async (caller: Caller | null, { id }: { id: string }, raw: { reasonText: string }) => {
  return db.$transaction(async (tx) => {
    const request = await findReviewableRequest(tx, caller, id);
    const { reasonText } = ZRevokeGrantInput.parse(raw);
    const { count } = await tx.accessRequest.updateMany({
      where: { id, status: "APPROVED" },
      data: { status: "REVOKED", revokedAt: new Date(), reasonCode: "REVOKED", reasonText },
    });
    if (count === 0) throw new AppError("CONFLICT", { userMessage: `Only an active grant can be revoked; this request is ${request.status.toLowerCase()}.` });
    await appendAuditEvent(tx, {
      actorId: (caller as Caller).id,
      action: "access_request.revoked",
      modelId: request.model.id,
      targetType: "AccessRequest",
      targetId: id,
      data: { reason: reasonText },
    });
    return { id, status: "REVOKED" as const };
  });
};
