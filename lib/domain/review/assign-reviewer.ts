import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";
import { ZAssignReviewerInput } from "@/lib/schemas/reviewers";

const userSelect = { id: true, email: true, name: true } as const;

/**
 * An admin makes someone a reviewer of one model, by e-mail. Without an account yet, a
 * RESEARCHER row is created for that address (an invitation: signing in with it finds the row),
 * audited as `user.created`.
 * Idempotent: assigning twice changes nothing and writes no second audit row.
 */
export const assignReviewer = async (caller: Caller | null, params: TModelRouteParams, raw: unknown) => {
  const admin = requireAdmin(caller);
  const { org, name } = ZModelRouteParams.parse(params);
  const { email } = ZAssignReviewerInput.parse(raw);
  const model = await db.model.findUnique({
    where: { slug: `${org}/${name}`.toLowerCase() },
    select: { id: true, slug: true },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });

  return db.$transaction(async (tx) => {
    // Case-insensitive: OAuth providers may have stored the address in mixed case.
    let user = await tx.user.findFirst({
      where: { email: { equals: email, mode: "insensitive" } },
      select: userSelect,
      orderBy: { createdAt: "asc" },
    });
    let invited = false;
    if (!user) {
      // ON CONFLICT DO NOTHING, so two admins inviting the same address at once find one row.
      invited = (await tx.user.createMany({ data: [{ email, role: "RESEARCHER" }], skipDuplicates: true })).count > 0;
      user = await tx.user.findUniqueOrThrow({ where: { email }, select: userSelect });
      if (invited)
        await appendAuditEvent(tx, {
          actorId: admin.id,
          action: "user.created",
          targetType: "User",
          targetId: user.id,
          data: { email, via: "reviewer.assigned" },
        });
    }
    // ON CONFLICT DO NOTHING: of two simultaneous assignments exactly one inserts and is audited.
    const { count } = await tx.modelReviewer.createMany({
      data: [{ userId: user.id, modelId: model.id, assignedById: admin.id }],
      skipDuplicates: true,
    });
    if (count > 0)
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "reviewer.assigned",
        modelId: model.id,
        targetType: "User",
        targetId: user.id,
        data: { model: model.slug, email: user.email, ...(invited ? { invited: true } : {}) },
      });
    const row = await tx.modelReviewer.findUniqueOrThrow({
      where: { userId_modelId: { userId: user.id, modelId: model.id } },
      select: { assignedAt: true },
    });
    return {
      reviewer: { userId: user.id, email: user.email, name: user.name, assignedAt: row.assignedAt },
      created: count > 0,
      invited,
    };
  });
};
