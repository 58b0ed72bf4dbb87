import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TAuditFilters } from "@/lib/schemas/audit";
import { findAuditActions } from "./find-audit-actions";

/** User ids for an e-mail (exact, case-insensitive) or the id itself. */
const resolveActor = async (actor: string): Promise<string[]> => {
  if (!actor.includes("@")) return [actor];
  // The unique index answers the usual case; stored addresses differing in case need the slower scan.
  const exact = await db.user.findUnique({ where: { email: actor }, select: { id: true } });
  if (exact) return [exact.id];
  const users = await db.user.findMany({
    where: { email: { equals: actor, mode: "insensitive" } },
    select: { id: true },
  });
  return users.map((u) => u.id);
};

/**
 * Turns the page's filters into a where on AuditEvent's own columns (ids, not joins), so each
 * query runs on one of the (actorId|modelId|action, createdAt) indexes.
 * Returns null when a filter names nothing (unknown e-mail, model or action prefix): no row matches.
 */
export const resolveAuditFilters = async (q: TAuditFilters): Promise<Prisma.AuditEventWhereInput | null> => {
  const [actorIds, model, actions] = await Promise.all([
    q.actor ? resolveActor(q.actor) : undefined,
    q.model ? db.model.findUnique({ where: { slug: q.model }, select: { id: true } }) : undefined,
    // A prefix becomes the list of actions it covers: equality on the index, whatever the collation.
    q.action && "prefix" in q.action
      ? findAuditActions().then((all) => all.filter((a) => a.startsWith((q.action as { prefix: string }).prefix)))
      : undefined,
  ]);
  if (actorIds?.length === 0 || model === null || actions?.length === 0) return null;
  return {
    ...(actorIds ? { actorId: actorIds.length === 1 ? actorIds[0] : { in: actorIds } } : {}),
    ...(model ? { modelId: model.id } : {}),
    ...(q.action ? { action: "exact" in q.action ? q.action.exact : { in: actions as string[] } } : {}),
    ...(q.from || q.until
      ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.until ? { lt: q.until } : {}) } }
      : {}),
  };
};
