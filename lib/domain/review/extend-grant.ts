import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitAccessRequestEvent } from "@/lib/domain/webhooks/emit-access-request-event";
import { enqueueEmail } from "@/lib/jobs/enqueue-email";
import { grantExtendedEmail } from "@/lib/mail/access-emails";
import { ZExtendGrantInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";
import { isUniqueViolation } from "@/lib/db-errors";

/**
 * Moves the end of a grant: an APPROVED grant is extended (or shortened) to the new date; an
 * EXPIRED one is renewed, unless the user has opened another request for the model since. The
 * 7-day reminder is re-armed for the new date. Revoked grants are not renewed here: the user
 * asks again and a reviewer decides.
 */
export const extendGrant = async (caller: Caller | null, { id }: { id: string }, raw: unknown) => {
  try {
    return await db.$transaction(async (tx) => {
      const request = await findReviewableRequest(tx, caller, id);
      const { expiresAt, reasonText } = ZExtendGrantInput.parse(raw);
      if (expiresAt <= new Date())
        throw new AppError("VALIDATION_FAILED", { fields: { expiresAt: ["must be in the future"] } });
      if (request.status !== "APPROVED" && request.status !== "EXPIRED")
        throw new AppError("CONFLICT", {
          userMessage: `Only an active or expired grant can be extended; this request is ${request.status.toLowerCase()}.`,
        });
      const renewed = request.status === "EXPIRED";
      const { count } = await tx.accessRequest.updateMany({
        where: { id, status: request.status },
        data: { status: "APPROVED", expiresAt, reminderSentAt: null },
      });
      if (count === 0)
        throw new AppError("CONFLICT", { userMessage: "The grant changed meanwhile; reload and try again." });
      await appendAuditEvent(tx, {
        actorId: (caller as Caller).id,
        action: renewed ? "access_request.renewed" : "access_request.extended",
        modelId: request.model.id,
        targetType: "AccessRequest",
        targetId: id,
        data: {
          from: request.expiresAt?.toISOString() ?? null,
          to: expiresAt.toISOString(),
          ...(reasonText ? { reason: reasonText } : {}),
        },
      });
      // Receivers that track grants learn the new end date (and that an expired grant is live again).
      await emitAccessRequestEvent(tx, "access_request.approved", request, {
        status: "APPROVED",
        reasonCode: null,
        expiresAt,
        by: renewed ? "renewal" : "extension",
      });
      if (request.user.email)
        await enqueueEmail(tx, {
          to: request.user.email,
          kind: "grant-extended",
          content: grantExtendedEmail({
            appUrl: env.NEXTAUTH_URL,
            modelTitle: request.model.title,
            slug: request.model.slug,
            expiresAt,
            renewed,
          }),
        });
      return { id, status: "APPROVED" as const, expiresAt, renewed };
    });
  } catch (e) {
    // Renewing an expired grant while the user already has a new open request for the model.
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", {
        userMessage: "The user has another open request for this model: decide that one instead.",
      });
    throw e;
  }
};
