import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZReviewerRouteParams, type TReviewerRouteParams } from "@/lib/schemas/reviewers";

/**
 * An admin removes a reviewer from one model; from then on that model's requests are a 404 for
 * them. Removing someone who is not (or no longer) a reviewer is a 404 and writes nothing.
 */
export const unassignReviewer = async (caller: Caller | null, params: TReviewerRouteParams) => {
  const admin = requireAdmin(caller);
  const { org, name, userId } = ZReviewerRouteParams.parse(params);
  const model = await db.model.findUnique({
    where: { slug: `${org}/${name}`.toLowerCase() },
    select: { id: true, slug: true },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });

  return db.$transaction(async (tx) => {
    // Conditional delete: of two simultaneous removals exactly one is audited, the other is a 404.
    const { count } = await tx.modelReviewer.deleteMany({ where: { userId, modelId: model.id } });
    if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "This person is not a reviewer of this model." });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "reviewer.unassigned",
      modelId: model.id,
      targetType: "User",
      targetId: userId,
      data: { model: model.slug },
    });
    return { userId, removed: true as const };
  });
};
