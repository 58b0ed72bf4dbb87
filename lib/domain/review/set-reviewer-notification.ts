import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZReviewerNotificationInput } from "@/lib/schemas/reviewers";

/**
 * A reviewer chooses how they hear of a model's new requests: EACH (a mail per request, the default),
 * DIGEST (one mail a day) or NONE. Only the model's assigned reviewers receive these mails, so only they
 * choose: a model the caller may not review is a 404, one they review as an admin without being
 * assigned is a 409. Audited.
 */
export const setReviewerNotification = async (caller: Caller | null, params: TModelRouteParams, raw: unknown) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, reviewableModelsWhere(caller)] },
    select: { id: true, slug: true, reviewers: { where: { userId: caller.id }, select: { userId: true } } },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  const { mode } = ZReviewerNotificationInput.parse(raw);
  if (model.reviewers.length === 0)
    throw new AppError("CONFLICT", {
      userMessage: "Notifications go to the model's assigned reviewers: assign yourself to this model first.",
      action: `/admin/models/${model.slug}`,
    });
  return db.$transaction(async (tx) => {
    const key = { userId_modelId: { userId: caller.id, modelId: model.id } };
    const before = await tx.reviewerNotification.findUnique({ where: key, select: { mode: true } });
    // A digest chosen now covers requests from now on, not the day before.
    const digestSentAt = mode === "DIGEST" && before?.mode !== "DIGEST" ? new Date() : undefined;
    const row = await tx.reviewerNotification.upsert({
      where: key,
      create: { userId: caller.id, modelId: model.id, mode, digestSentAt },
      update: { mode, ...(digestSentAt ? { digestSentAt } : {}) },
      select: { mode: true },
    });
    if ((before?.mode ?? "EACH") !== mode)
      await appendAuditEvent(tx, {
        actorId: caller.id,
        action: "reviewer.notification_set",
        modelId: model.id,
        targetType: "User",
        targetId: caller.id,
        data: { mode, before: before?.mode ?? "EACH" },
      });
    return { model: model.slug, mode: row.mode };
  });
};
