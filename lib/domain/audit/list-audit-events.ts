import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZAuditListQuery, type TAuditListQuery } from "@/lib/schemas/audit";
import { resolveAuditFilters } from "./resolve-audit-filters";

export type AuditEventView = {
  seq: string;
  createdAt: string;
  actor: { id: string; email: string | null; name: string | null } | null;
  action: string;
  /** slug is null when the model was deleted since (the row keeps its id). */
  model: { id: string; slug: string | null } | null;
  targetType: string;
  targetId: string;
  data: unknown;
  prevHash: string;
  hash: string;
};

/**
 * One page of the audit log, newest first, filtered by actor, action (or prefix), model and dates.
 * Keyset pagination: `before` is the seq of the last row shown, so page 1,000 costs what page 1 does.
 * Rows are ordered by (createdAt, seq), the order of the (…, createdAt) indexes every filter uses.
 */
export const listAuditEvents = async (caller: Caller | null, raw: TAuditListQuery) => {
  requireAdmin(caller);
  const q = ZAuditListQuery.parse(raw);
  const [where, cursor] = await Promise.all([
    resolveAuditFilters(q),
    q.before === undefined
      ? undefined
      : db.auditEvent.findUnique({ where: { seq: q.before }, select: { seq: true, createdAt: true } }),
  ]);
  if (cursor === null)
    throw new AppError("VALIDATION_FAILED", {
      fields: { before: ["Unknown cursor; start again from the first page"] },
    });
  if (!where) return { events: [] as AuditEventView[], nextCursor: null, pageSize: q.pageSize };

  const rows = await db.auditEvent.findMany({
    where: cursor
      ? {
          AND: [
            where,
            { createdAt: { lte: cursor.createdAt } },
            { OR: [{ createdAt: { lt: cursor.createdAt } }, { seq: { lt: cursor.seq } }] },
          ],
        }
      : where,
    orderBy: [{ createdAt: "desc" }, { seq: "desc" }],
    take: q.pageSize + 1,
  });
  const page = rows.slice(0, q.pageSize);
  const actorIds = [...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const modelIds = [...new Set(page.flatMap((r) => (r.modelId ? [r.modelId] : [])))];
  const [users, models] = await Promise.all([
    actorIds.length
      ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })
      : [],
    modelIds.length ? db.model.findMany({ where: { id: { in: modelIds } }, select: { id: true, slug: true } }) : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const slugById = new Map(models.map((m) => [m.id, m.slug]));

  const events: AuditEventView[] = page.map((r) => ({
    seq: r.seq.toString(),
    createdAt: r.createdAt.toISOString(),
    actor: r.actorId ? (userById.get(r.actorId) ?? { id: r.actorId, email: null, name: null }) : null,
    action: r.action,
    model: r.modelId ? { id: r.modelId, slug: slugById.get(r.modelId) ?? null } : null,
    targetType: r.targetType,
    targetId: r.targetId,
    data: r.data,
    prevHash: r.prevHash,
    hash: r.hash,
  }));
  return {
    events,
    nextCursor: rows.length > q.pageSize ? (page.at(-1)?.seq.toString() ?? null) : null,
    pageSize: q.pageSize,
  };
};
