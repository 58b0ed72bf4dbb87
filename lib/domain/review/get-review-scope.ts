import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * What the review section shows the caller: every model for an admin, the assigned ones for a
 * reviewer. Anyone who reviews nothing gets a 404 (the section does not exist for them).
 */
export const getReviewScope = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const models = await db.model.findMany({
    where: reviewableModelsWhere(caller),
    orderBy: { slug: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      gating: true,
      _count: { select: { requests: { where: { status: "PENDING" } } } },
      reviewers: { where: { userId: caller.id }, select: { userId: true } },
      reviewerNotifications: { where: { userId: caller.id }, select: { mode: true } },
    },
  });
  if (caller.role !== "ADMIN" && models.length === 0) throw new AppError("NOT_FOUND");
  return {
    isAdmin: caller.role === "ADMIN",
    models: models.map(({ _count, reviewers, reviewerNotifications, ...m }) => ({
      ...m,
      pending: _count.requests,
      // How the caller hears of new requests; null where they review as an admin without being assigned.
      notification: reviewers.length ? (reviewerNotifications[0]?.mode ?? "EACH") : null,
    })),
  };
};
