import "server-only";
import { csvStream, noFormula, toCsv } from "@/lib/csv";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZAuditExportQuery, type TAuditExportQuery } from "@/lib/schemas/audit";
import { appendAuditEvent } from "./append-audit-event";
import { canonicalJson } from "./canonical-json";
import { resolveAuditFilters } from "./resolve-audit-filters";

/** modelId is there too: with it (and canonical `data`) each row's hash can be recomputed from the file. */
export const AUDIT_CSV_COLUMNS = [
  "seq",
  "createdAt",
  "actorId",
  "actorEmail",
  "action",
  "modelId",
  "modelSlug",
  "targetType",
  "targetId",
  "data",
  "prevHash",
  "hash",
] as const;

const BATCH = 2000;

const auditCsv = (records: (string | null)[][], header = false) =>
  toCsv(records, header ? AUDIT_CSV_COLUMNS : undefined);

/** One batch's rows as CSV, with actor e-mails and model slugs looked up for this batch only. */
type AuditRow = Prisma.AuditEventGetPayload<object>;

const formatBatch = async (rows: AuditRow[]) => {
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const modelIds = [...new Set(rows.flatMap((r) => (r.modelId ? [r.modelId] : [])))];
  const [users, models] = await Promise.all([
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } }) : [],
    modelIds.length ? db.model.findMany({ where: { id: { in: modelIds } }, select: { id: true, slug: true } }) : [],
  ]);
  const email = new Map(users.map((u) => [u.id, u.email]));
  const slug = new Map(models.map((m) => [m.id, m.slug]));
  return auditCsv(
    rows.map((r) => [
      r.seq.toString(),
      r.createdAt.toISOString(),
      r.actorId,
      r.actorId ? noFormula(email.get(r.actorId) ?? null) : null,
      r.action,
      r.modelId,
      r.modelId ? (slug.get(r.modelId) ?? null) : null,
      r.targetType,
      noFormula(r.targetId),
      canonicalJson(r.data),
      r.prevHash,
      r.hash,
    ]),
  );
};

/**
 * The audit log as CSV, oldest first (seq order), with the page's filters. The export is itself
 * audited (committed before the first byte) and ends at its own audit row, so it has a fixed end
 * however many rows are appended while it streams.
 * The stream is pull-based: the next batch of rows is read only when the consumer asks for more,
 * so a million rows never sit in memory, and a slow client slows the reads down.
 */
export const exportAuditCsv = async (
  caller: Caller | null,
  raw: TAuditExportQuery,
): Promise<ReadableStream<Uint8Array>> => {
  const admin = requireAdmin(caller);
  const q = ZAuditExportQuery.parse(raw);
  const where = await resolveAuditFilters(q);
  const filters = {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: "exact" in q.action ? q.action.exact : `${q.action.prefix}*` } : {}),
    ...(q.model ? { model: q.model } : {}),
    ...(q.from ? { from: q.from.toISOString() } : {}),
    ...(q.until ? { until: q.until.toISOString() } : {}),
  };
  const logged = await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: admin.id,
      action: "audit.exported",
      targetType: "AuditLog",
      targetId: "csv",
      data: { filters },
    }),
  );

  return csvStream<AuditRow>({
    header: auditCsv([], true),
    batchSize: BATCH,
    fetchAfter: async (last) =>
      where
        ? db.auditEvent.findMany({
            where: { AND: [where, { seq: { gt: last?.seq ?? 0n, lte: logged.seq } }] },
            orderBy: { seq: "asc" },
            take: BATCH,
          })
        : [],
    format: formatBatch,
  });
};
