import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { authorizeModelRead } from "./authorize-model-read";

/**
 * Changes to a model are for admins. A reviewer of the model can see it, so they are told plainly
 * that only admins change it (403); for everyone else the model does not exist (404).
 * Runs before any input besides the model's name is looked at.
 */
export const authorizeModelWrite = async (caller: Caller | null, params: TModelRouteParams) => {
  const model = await authorizeModelRead(caller, params);
  if (!model.canEdit || !caller)
    throw new AppError("FORBIDDEN", {
      userMessage: "Only admins change a model; as one of its reviewers you can read its settings and versions.",
    });
  return { admin: caller, model: { id: model.id, slug: model.slug } };
};
