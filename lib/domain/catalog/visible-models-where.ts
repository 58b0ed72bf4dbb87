import type { Caller } from "@/lib/auth/get-current-user";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Which models a caller may see at all. Admins see every model; everyone else only public ones.
 * Anything outside this filter answers 404, so outsiders cannot learn that a model exists.
 */
export const visibleModelsWhere = (caller: Caller | null): Prisma.ModelWhereInput =>
  caller?.role === "ADMIN" ? {} : { visibility: "PUBLIC" };
