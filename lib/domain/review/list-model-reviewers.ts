import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";

/**
 * Who reviews a model. Admins and the model's own reviewers may read it; for anyone else the
 * model does not exist (404), so the list never tells an outsider who reviews what.
 */
export const listModelReviewers = async (caller: Caller | null, params: TModelRouteParams) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, reviewableModelsWhere(caller)] },
    select: {
      slug: true,
      reviewers: {
        orderBy: { assignedAt: "asc" },
        select: {
          assignedAt: true,
          user: { select: { id: true, email: true, name: true } },
          assignedBy: { select: { name: true, email: true } },
        },
      },
    },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  return {
    model: model.slug,
    reviewers: model.reviewers.map((r) => ({
      userId: r.user.id,
      email: r.user.email,
      name: r.user.name,
      assignedAt: r.assignedAt,
      assignedBy: r.assignedBy ? (r.assignedBy.name ?? r.assignedBy.email) : null,
    })),
  };
};
