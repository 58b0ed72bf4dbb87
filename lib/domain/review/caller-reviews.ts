import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";

/** Whether to show the caller the way into the review section (admins, assigned reviewers). */
export const callerReviews = async (caller: Caller) =>
  caller.role === "ADMIN" || (await db.modelReviewer.count({ where: { userId: caller.id } })) > 0;
