import "server-only";
import type { z } from "zod";
import type { Caller } from "@/lib/auth/get-current-user";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitAccessRequestEvent } from "@/lib/domain/webhooks/emit-access-request-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { requestDecidedEmail } from "@/lib/mail/access-emails";
import { ZDecideRequestInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";
import { grantEndsAt } from "@/lib/domain/access/grant-ends-at";

type Decision = z.output<typeof ZDecideRequestInput>;

/**
 * A reviewer approves or rejects a pending request. The update is conditional on PENDING, so of
 * two reviewers deciding at once exactly one decision is recorded; the other is told who decided.
 * Audit row and the applicant's mail are written in the same transaction.
 */
export const decideAccessRequest = async (caller: Caller | null, { id }: { id: string }, raw: unknown) =>
  db.$transaction(async (tx) => {
    // Who may decide comes before what they sent: outsiders learn nothing from their input.
    await findReviewableRequest(tx, caller, id);
    const done = await decideInTx(tx, caller as Caller, id, ZDecideRequestInput.parse(raw));
    if (done.alreadyDecided) throw new AppError("ALREADY_DECIDED", { userMessage: alreadyDecidedMessage(done) });
    return { id, status: done.status, expiresAt: done.expiresAt };
  });

export const alreadyDecidedMessage = ({ status, by }: { status: string; by: string | null }) =>
  `This request is already ${status.toLowerCase()}${by ? ` (decided by ${by})` : ""}.`;

/**
 * The decision itself, for a request the caller may review (checked again here, in this
 * transaction). A request decided meanwhile is reported (`alreadyDecided`), not changed.
 */
export const decideInTx = async (tx: Tx, reviewer: Caller, id: string, input: Decision) => {
  const request = await findReviewableRequest(tx, reviewer, id);
  const now = new Date();
  const approved = input.decision === "APPROVE";
  const expiresAt = approved ? (input.expiresAt ?? grantEndsAt(request.model.grantDurationDays, now)) : null;
  if (expiresAt && expiresAt <= now)
    throw new AppError("VALIDATION_FAILED", { fields: { expiresAt: ["must be in the future"] } });
  const reasonCode = approved ? "APPROVED_BY_REVIEWER" : input.reasonCode;
  const reasonText = input.reasonText ?? null;
  const { count } = await tx.accessRequest.updateMany({
    where: { id, status: "PENDING" },
    data: {
      status: approved ? "APPROVED" : "REJECTED",
      decidedById: reviewer.id,
      decidedAt: now,
      reasonCode,
      reasonText,
      expiresAt,
    },
  });
  if (count === 0) {
    // Read again: the winner has committed by now, so this names who decided and how.
    const winner = await tx.accessRequest.findUniqueOrThrow({
      where: { id },
      select: { status: true, decidedBy: { select: { name: true, email: true } } },
    });
    return {
      alreadyDecided: true as const,
      status: winner.status,
      by: winner.decidedBy?.name ?? winner.decidedBy?.email ?? null,
      expiresAt: null,
    };
  }
  await appendAuditEvent(tx, {
    actorId: reviewer.id,
    action: approved ? "access_request.approved" : "access_request.rejected",
    modelId: request.model.id,
    targetType: "AccessRequest",
    targetId: id,
    data: {
      reasonCode,
      ...(reasonText ? { reason: reasonText } : {}),
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    },
  });
  await emitAccessRequestEvent(tx, approved ? "access_request.approved" : "access_request.rejected", request, {
    status: approved ? "APPROVED" : "REJECTED",
    reasonCode,
    expiresAt,
    by: "reviewer",
  });
  if (request.user.email)
    await enqueueEmail(tx, {
      to: request.user.email,
      kind: "request-decided",
      content: requestDecidedEmail({
        appUrl: env.NEXTAUTH_URL,
        modelTitle: request.model.title,
        slug: request.model.slug,
        approved,
        reason: reasonText,
        expiresAt,
      }),
    });
  return {
    alreadyDecided: false as const,
    status: approved ? ("APPROVED" as const) : ("REJECTED" as const),
    by: null,
    expiresAt,
  };
};
