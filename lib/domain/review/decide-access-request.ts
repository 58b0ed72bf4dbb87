import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { requestDecidedEmail } from "@/lib/mail/access-emails";
import { ZDecideRequestInput, type TDecideRequestInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";

const DAY = 86_400_000;

/**
 * A reviewer approves or rejects a pending request. The update is conditional on PENDING, so of
 * two reviewers deciding at once exactly one decision is recorded; the other is told who decided.
 * Audit row and the applicant's mail are written in the same transaction.
 */
export const decideAccessRequest = async (caller: Caller | null, { id }: { id: string }, raw: TDecideRequestInput) => {
  return db.$transaction(async (tx) => {
    // Who may decide comes before what they sent: outsiders learn nothing from their input.
    const request = await findReviewableRequest(tx, caller, id);
    const input = ZDecideRequestInput.parse(raw);
    const reviewer = caller as Caller;
    const now = new Date();
    const approved = input.decision === "APPROVE";
    const expiresAt = approved
      ? (input.expiresAt ?? (request.model.grantDurationDays ? new Date(now.getTime() + request.model.grantDurationDays * DAY) : null))
      : null;
    if (expiresAt && expiresAt <= now) throw new AppError("VALIDATION_FAILED", { fields: { expiresAt: ["must be in the future"] } });
    const reasonCode = approved ? "APPROVED_BY_REVIEWER" : input.reasonCode;
    const reasonText = input.reasonText ?? null;
    const { count } = await tx.accessRequest.updateMany({
      where: { id, status: "PENDING" },
      data: { status: approved ? "APPROVED" : "REJECTED", decidedById: reviewer.id, decidedAt: now, reasonCode, reasonText, expiresAt },
    });
    if (count === 0) {
      // Read again: the winner has committed by now, so this names who decided and how.
      const now_ = await tx.accessRequest.findUniqueOrThrow({ where: { id }, select: { status: true, decidedBy: { select: { name: true, email: true } } } });
      const by = now_.decidedBy?.name ?? now_.decidedBy?.email;
      throw new AppError("ALREADY_DECIDED", { userMessage: `This request is already ${now_.status.toLowerCase()}${by ? ` (decided by ${by})` : ""}.` });
    }
    await appendAuditEvent(tx, {
      actorId: reviewer.id,
      action: approved ? "access_request.approved" : "access_request.rejected",
      modelId: request.model.id,
      targetType: "AccessRequest",
      targetId: id,
      data: { reasonCode, ...(reasonText ? { reason: reasonText } : {}), ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
    });
    if (request.user.email)
      await enqueueEmail(tx, {
        to: request.user.email,
        kind: "request-decided",
        content: requestDecidedEmail({ appUrl: env.NEXTAUTH_URL, modelTitle: request.model.title, slug: request.model.slug, approved, reason: reasonText, expiresAt }),
      });
    return { id, status: approved ? ("APPROVED" as const) : ("REJECTED" as const), expiresAt };
  });
};
