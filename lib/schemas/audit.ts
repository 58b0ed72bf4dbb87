import { z } from "zod";
import { DAY_MS } from "@/lib/time";
import { ZInstant } from "./instant";

/** `YYYY-MM-DD`, or an ISO date-time; without an offset it is read as UTC (the page shows UTC). */
const dateBound = z
  .string()
  .trim()
  .pipe(
    z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
      error: "Enter a date (YYYY-MM-DD) or an ISO date-time",
    }),
  );

const isDateOnly = (s: string) => s.length === 10;
const toDate = (s: string) =>
  new Date(isDateOnly(s) ? `${s}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);

/** Filters shared by the audit page, its API and the CSV export. */
const filterFields = {
  /** An e-mail address (exact, case-insensitive) or a user id. */
  actor: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .regex(/^[^\s\u0000-\u001f]+$/, "An e-mail address or a user id, without spaces")
    .optional(),
  /** An action (`access_request.approved`), or a prefix ending in `.` or `*` (`access_request.`). */
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.:-]+\*?$/i, "An action such as access_request.approved, or a prefix such as access_request.")
    .optional(),
  /** A model slug `org/name`. */
  model: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/, "A model as org/name")
    .optional(),
  /** From this moment (a date means its start, UTC). */
  from: dateBound.optional(),
  /** Up to and including this moment (a date means the whole day, UTC). */
  to: dateBound.optional(),
};

type RawFilters = { actor?: string; action?: string; model?: string; from?: string; to?: string };

/** The filters as the domain uses them: an action is exact or a prefix; `until` is exclusive. */
const normalise = (q: RawFilters) => {
  const action = q.action
    ? /[.*]$/.test(q.action)
      ? { prefix: q.action.replace(/\*$/, "") }
      : { exact: q.action }
    : undefined;
  const from = q.from ? toDate(q.from) : undefined;
  const until = q.to ? new Date(toDate(q.to).getTime() + (isDateOnly(q.to) ? DAY_MS : 1)) : undefined;
  return { actor: q.actor, action, model: q.model, from, until };
};

const checkRange = (q: RawFilters, ctx: z.RefinementCtx) => {
  if (q.from && q.to && toDate(q.from) > toDate(q.to))
    ctx.addIssue({ code: "custom", path: ["to"], message: "Must not be before 'from'" });
};

/** GET /api/v1/admin/audit/export: the filters only. */
export const ZAuditExportQuery = z.object(filterFields).superRefine(checkRange).transform(normalise);
export type TAuditExportQuery = z.input<typeof ZAuditExportQuery>;
export type TAuditFilters = z.output<typeof ZAuditExportQuery>;

/** GET /api/v1/admin/audit: the filters plus keyset pagination, newest first. */
export const ZAuditListQuery = z
  .object({
    ...filterFields,
    /** The `nextCursor` of the previous page (a row's seq): rows older than that row. */
    before: z
      .string()
      .regex(/^\d{1,19}$/, "A cursor from nextCursor")
      .optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkRange)
  .transform((q) => ({
    ...normalise(q),
    before: q.before === undefined ? undefined : BigInt(q.before),
    pageSize: q.pageSize,
  }));
export type TAuditListQuery = z.input<typeof ZAuditListQuery>;

const checkpointAt = { seq: z.string(), time: z.string(), object: z.string() };
/** What the latest signed checkpoint says of the chain (lib/domain/audit/verify-audit-log.ts). */
export const ZCheckpointFinding = z.discriminatedUnion("status", [
  z.object({ status: z.literal("not_configured") }),
  z.object({ status: z.literal("none") }),
  z.object({ status: z.literal("matches"), ...checkpointAt }),
  z.object({ status: z.literal("rewritten"), ...checkpointAt, expected: z.string(), actual: z.string() }),
  z.object({ status: z.literal("rows_missing"), ...checkpointAt, lastSeq: z.string().nullable() }),
]);

const verificationTail = {
  checkpoint: ZCheckpointFinding,
  /** Checkpoint objects newer than the one used whose signature (or format) fails. */
  invalidCheckpoints: z.array(z.object({ object: z.string(), reason: z.string() })),
};
/** POST /api/v1/admin/audit/verification: the chain is intact up to `lastSeq`, or where it first breaks and why. */
export const ZAuditVerification = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), checked: z.number().int(), lastSeq: z.string().nullable(), ...verificationTail }),
  z.object({
    ok: z.literal(false),
    /** Rows verified before the first bad one. */
    checked: z.number().int(),
    firstBadSeq: z.string(),
    reason: z.enum([
      "prev_hash_mismatch",
      "hash_mismatch",
      "checkpoint_mismatch",
      "rows_missing",
      "checkpoint_signature_invalid",
    ]),
    expected: z.string(),
    actual: z.string(),
    ...verificationTail,
  }),
]);
export type TAuditVerification = z.infer<typeof ZAuditVerification>;

/** GET /api/v1/admin/audit: a page of the log, newest first; `before=nextCursor` gives the next one. */
export const ZAuditPage = z.object({
  events: z.array(
    z.object({
      seq: z.string(),
      createdAt: ZInstant,
      actor: z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() }).nullable(),
      action: z.string(),
      /** slug is null when the model was deleted since (the row keeps its id). */
      model: z.object({ id: z.string(), slug: z.string().nullable() }).nullable(),
      targetType: z.string(),
      targetId: z.string(),
      /** What the action recorded: its shape differs by action. */
      data: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
  pageSize: z.number().int(),
});
