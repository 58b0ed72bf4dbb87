import "server-only";
import { canManage, type Caller } from "@/lib/auth/caller";
import { reviewableModelsWhere } from "@/lib/auth/reviewable-models-where";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZModelRouteParams, type TModelRouteParams } from "@/lib/schemas/catalog";

/**
 * Who may read a model's settings and versions: admins, and the model's own reviewers. Anyone else
 * gets a 404, so the answer never tells an outsider that the model exists; READ-scope tokens are
 * refused on admin routes (403) whatever the model.
 */
export const authorizeModelRead = async (caller: Caller | null, params: TModelRouteParams) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  if (!canManage(caller))
    throw new AppError("FORBIDDEN", {
      userMessage: "This token has read scope; model administration needs a session or a token with admin scope.",
    });
  const { org, name } = ZModelRouteParams.parse(params);
  const model = await db.model.findFirst({
    where: { AND: [{ slug: `${org}/${name}`.toLowerCase() }, reviewableModelsWhere(caller)] },
    select: { id: true, slug: true },
  });
  if (!model) throw new AppError("NOT_FOUND", { userMessage: "No such model." });
  return { ...model, canEdit: caller.role === "ADMIN" };
};
