import { z } from "zod";

/** Why a request was rejected (shown to the applicant with the free text). */
export const rejectionReasons = ["INCOMPLETE_INFORMATION", "NOT_ELIGIBLE", "COMMERCIAL_USE", "UNVERIFIABLE_IDENTITY", "DUPLICATE", "OTHER"] as const;

export const ZDecideRequestInput = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.literal("APPROVE"),
    /** Defaults to now + the model's grant duration (none: no expiry). */
    expiresAt: z.coerce.date().optional(),
    reasonText: z.string().trim().max(1000).optional(),
  }),
  z.strictObject({
    decision: z.literal("REJECT"),
    reasonCode: z.enum(rejectionReasons),
    reasonText: z.string().trim().min(3, "Tell the applicant why, in a few words").max(1000),
  }),
]);
export type TDecideRequestInput = z.input<typeof ZDecideRequestInput>;

export const ZRevokeGrantInput = z.strictObject({ reasonText: z.string().trim().min(3).max(1000) });
export const ZExtendGrantInput = z.strictObject({ expiresAt: z.coerce.date() });
