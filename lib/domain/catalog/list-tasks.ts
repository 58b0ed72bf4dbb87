import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { visibleModelsWhere } from "./visible-models-where";

/** Tasks present in the caller's catalog, with counts, for the task filter. */
export const listTasks = async (caller: Caller | null) => {
  const groups = await db.model.groupBy({
    by: ["task"],
    where: visibleModelsWhere(caller),
    _count: { _all: true },
    orderBy: { task: "asc" },
  });
  return groups.map((g) => ({ task: g.task, count: g._count._all }));
};
