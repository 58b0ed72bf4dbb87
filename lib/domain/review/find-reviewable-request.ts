import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A request the caller may decide on; anyone else (or another model's reviewer) gets a 404, its applicant a 403. */
export const findReviewableRequest = async (tx: Tx, caller: Caller | null, id: string) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const request = await tx.accessRequest.findFirst({
    where: { id, model: reviewableModelsWhere(caller) },
    select: {
      id: true,
      userId: true,
      status: true,
      expiresAt: true,
      decidedBy: { select: { name: true, email: true } },
      user: { select: { email: true } },
      model: { select: { id: true, slug: true, title: true, grantDurationDays: true } },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", { userMessage: "No such request." });
  // Nobody decides on their own access, admins included: someone else approves, extends or revokes it.
  if (request.userId === caller.id)
    throw new AppError("FORBIDDEN", {
      userMessage: "This is your own request: another reviewer or an admin decides on it.",
    });
  return request;
};
