import { z } from "zod";
import { isCountryCode } from "@/lib/countries";
import { ZInstant } from "./instant";
import { ZProfileFields } from "./profile";

/** Why a request was rejected (shown to the applicant with the free text). */
export const rejectionReasons = [
  "INCOMPLETE_INFORMATION",
  "NOT_ELIGIBLE",
  "COMMERCIAL_USE",
  "UNVERIFIABLE_IDENTITY",
  "DUPLICATE",
  "OTHER",
] as const;

const approveShape = {
  decision: z.literal("APPROVE"),
  /** Defaults to now + the model's grant duration (none: no expiry). */
  expiresAt: z.coerce.date().optional(),
  reasonText: z.string().trim().max(1000).optional(),
};
const rejectShape = {
  decision: z.literal("REJECT"),
  reasonCode: z.enum(rejectionReasons),
  reasonText: z.string().trim().min(3, "Tell the applicant why, in a few words.").max(1000),
};

/** `approve` and `reject` are accepted too: API clients write them in lower case. */
const upperDecision = (v: unknown) =>
  v && typeof v === "object" && "decision" in v && typeof v.decision === "string"
    ? { ...v, decision: v.decision.toUpperCase() }
    : v;

export const ZDecideRequestInput = z.preprocess(
  upperDecision,
  z.discriminatedUnion("decision", [z.strictObject(approveShape), z.strictObject(rejectShape)]),
);

/** One decision over a selection; each id reports its own result. */
const ids = {
  ids: z
    .array(z.string().min(1).max(64))
    .min(1, "Select at least one request.")
    .max(500, "Select at most 500 requests at a time."),
};
export const ZBulkDecideInput = z.preprocess(
  upperDecision,
  z.discriminatedUnion("decision", [
    z.strictObject({ ...ids, ...approveShape }),
    z.strictObject({ ...ids, ...rejectShape }),
  ]),
);
export type TBulkDecideInput = z.input<typeof ZBulkDecideInput>;

export type TDecideRequestInput = z.input<typeof ZDecideRequestInput>;

export const ZRevokeGrantInput = z.strictObject({ reasonText: z.string().trim().min(3).max(1000) });
/** New end date of an active grant (extend), or of an expired one (renew). */
export const ZExtendGrantInput = z.strictObject({
  expiresAt: z.coerce.date(),
  reasonText: z.string().trim().max(1000).optional(),
});
export type TExtendGrantInput = z.input<typeof ZExtendGrantInput>;

/** GET review queue: server-side filters, sorting and pagination. */
export const ZReviewQueueQuery = z.object({
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/)
    .optional(),
  // Any case: a hand-typed `?status=approved` means APPROVED.
  status: z
    .preprocess(
      (v) => (typeof v === "string" ? v.toUpperCase() : v),
      z.enum(["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED", "REVOKED"]),
    )
    .default("PENDING"),
  country: z.string().trim().toUpperCase().refine(isCountryCode, "Choose a country from the list.").optional(),
  affiliation: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\u0000-\u001f]*$/)
    .optional(),
  /** Only requests at least this many days old. */
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  sort: z.enum(["oldest", "newest"]).default("oldest"),
  /**
   * `nextCursor` or `prevCursor` of the page before: keyset pages, so a deep page costs what the first
   * does. Opaque; the domain decodes it (a bad one is `400 INVALID_CURSOR`, not a field error).
   */
  cursor: z.string().optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TReviewQueueQuery = z.input<typeof ZReviewQueueQuery>;

/** A grant's own download quota; null (or absent) falls back to the model's default. */
export const ZSetGrantQuotaInput = z.strictObject({
  files: z
    .number({ error: "Enter the number of downloads as a whole number, or leave it empty." })
    .int("Enter the number of downloads as a whole number, or leave it empty.")
    .min(1, "Allow at least 1 download, or leave the field empty for the model's default.")
    .max(1_000_000_000, "Enter at most 1,000,000,000 downloads.")
    .nullable()
    .default(null),
  bytes: z
    .number({ error: "Enter the data limit in GiB, or leave it empty." })
    .int()
    .min(1, "Enter a data limit above 0 GiB, or leave it empty for the model's default.")
    .max(Number.MAX_SAFE_INTEGER, "Enter a smaller data limit.")
    .nullable()
    .default(null),
});
export type TSetGrantQuotaInput = z.input<typeof ZSetGrantQuotaInput>;

/** POST …/requests/{id}/decision: the request's new state (`expiresAt` null: a rejection, or a grant without end). */
export const ZDecidedRequest = z.object({
  request: z.object({ id: z.string(), status: z.enum(["APPROVED", "REJECTED"]), expiresAt: ZInstant.nullable() }),
});
/** POST …/requests/{id}/extension: `renewed` when an EXPIRED grant was renewed rather than an active one moved. */
export const ZExtendedGrant = z.object({
  request: z.object({ id: z.string(), status: z.literal("APPROVED"), expiresAt: ZInstant, renewed: z.boolean() }),
});
/** POST …/requests/{id}/revocation */
export const ZRevokedGrant = z.object({ request: z.object({ id: z.string(), status: z.literal("REVOKED") }) });

/** POST /api/v1/review/bulk-decisions: a result per id (`changed: false`: it was already in that state). */
export const ZBulkDecision = z.object({
  results: z.array(
    z.union([
      z.object({
        id: z.string(),
        ok: z.literal(true),
        status: z.enum(["APPROVED", "REJECTED"]),
        changed: z.boolean(),
        message: z.string().optional(),
        expiresAt: ZInstant.nullable().optional(),
      }),
      z.object({ id: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
    ]),
  ),
  summary: z.object({ decided: z.number().int(), unchanged: z.number().int(), failed: z.number().int() }),
});
export type TBulkDecision = z.infer<typeof ZBulkDecision>;

/** PUT …/requests/{id}/quota: the request's own quota now (null: the model's default). */
export const ZGrantQuota = z.object({
  id: z.string(),
  quota: z.object({ files: z.number().int().nullable(), bytes: z.number().int().nullable() }),
});

/** GET /api/v1/review/requests (and the admin queue): one keyset page, each request with its applicant's profile. */
export const ZReviewQueuePage = z.object({
  total: z.number().int(),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  requests: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED", "REVOKED"]),
      createdAt: ZInstant,
      /** The answers to the model's form (version `formVersion`): keys are the form's field names. */
      answers: z.unknown(),
      formVersion: z.number().int(),
      /** How the model's automatic rules judged the request, when they ran. */
      ruleOutcome: z.unknown(),
      model: z.object({ slug: z.string(), title: z.string() }),
      /** The license version accepted with the request; null when none is recorded. */
      licenseVersion: z.object({ version: z.string(), license: z.object({ name: z.string() }) }).nullable(),
      applicant: ZProfileFields,
    }),
  ),
});
