import type { Prisma } from "@/lib/generated/prisma/client";
import { canManage, type Caller } from "./caller";

/**
 * Models whose requests the caller may see and decide: every model for an admin, the assigned
 * ones for a reviewer, none for anyone else (nor for a READ-scope token). Throws without a
 * caller id, so a missing id can never silently drop the filter.
 */
export const reviewableModelsWhere = (caller: Caller): Prisma.ModelWhereInput => {
  if (!caller.id) throw new Error("reviewableModelsWhere needs a caller id");
  if (!canManage(caller)) return { id: { in: [] } };
  return caller.role === "ADMIN" ? {} : { reviewers: { some: { userId: caller.id } } };
};
