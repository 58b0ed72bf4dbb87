import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitAccessRequestEvent } from "@/lib/domain/webhooks/emit-access-request-event";

/** The applicant withdraws their own pending request. Someone else's request is a 404. */
export const withdrawAccessRequest = async (caller: Caller | null, { id }: { id: string }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in?callbackUrl=%2Faccount%2Frequests" });
  return db.$transaction(async (tx) => {
    const request = await tx.accessRequest.findFirst({
      where: { id, userId: caller.id },
      select: { id: true, status: true, modelId: true, model: { select: { slug: true } } },
    });
    if (!request) throw new AppError("NOT_FOUND", { userMessage: "No such request." });
    if (request.status !== "PENDING")
      throw new AppError("CONFLICT", {
        userMessage: `Only a pending request can be withdrawn; this one is ${request.status.toLowerCase()}.`,
      });
    // Conditional update: a reviewer deciding at the same moment wins or loses cleanly.
    const { count } = await tx.accessRequest.updateMany({
      where: { id, userId: caller.id, status: "PENDING" },
      data: { status: "WITHDRAWN", withdrawnAt: new Date() },
    });
    if (count === 0)
      throw new AppError("ALREADY_DECIDED", {
        userMessage: "This request was decided meanwhile.",
        action: "/account/requests",
      });
    await appendAuditEvent(tx, {
      actorId: caller.id,
      action: "access_request.withdrawn",
      modelId: request.modelId,
      targetType: "AccessRequest",
      targetId: id,
    });
    await emitAccessRequestEvent(
      tx,
      "access_request.withdrawn",
      { id, userId: caller.id, model: { id: request.modelId, slug: request.model.slug }, user: caller },
      { status: "WITHDRAWN" },
    );
    return { id, status: "WITHDRAWN" as const };
  });
};
