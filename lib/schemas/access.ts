import { z } from "zod";
import { isCountryCode } from "@/lib/countries";
import { ZInstant } from "./instant";

/** POST /api/v1/models/{org}/{name}/license-acceptances */
export const ZAcceptLicenseInput = z.strictObject({ licenseVersionId: z.string().min(1).max(64) });
export type TAcceptLicenseInput = z.infer<typeof ZAcceptLicenseInput>;

/** POST /api/v1/models/{org}/{name}/access-requests: answers are checked against the model's form. */
export const ZSubmitAccessRequestInput = z.strictObject({
  answers: z.record(z.string(), z.unknown()).default({}),
  /** The license version the applicant read and accepts with this request. */
  licenseVersionId: z.string().min(1).max(64),
});
export type TSubmitAccessRequestInput = z.input<typeof ZSubmitAccessRequestInput>;

export const ZRequestIdParams = z.object({ id: z.string().min(1).max(64) });

/** Where a state change came from, for the evidence rows. */
/** Evidence kept with receipts; `ipSource` says how `ip` was obtained (lib/http/client-address.ts). */
export type RequestMeta = {
  ip: string | null;
  ipSource?: "socket" | "forwarded" | "unknown";
  userAgent: string | null;
};

/**
 * The profile fields a first request needs, as the one-step form sends them (only those still missing).
 * Messages are sentences: the form shows them under each field.
 */
export const ZProfilePatch = z.strictObject({
  name: z
    .string({ error: "Enter your full name." })
    .trim()
    .min(2, "Enter your full name.")
    .max(120, "Your name can be at most 120 characters.")
    .optional(),
  affiliation: z
    .string({ error: "Enter your institution or company." })
    .trim()
    .min(2, "Enter your institution or company.")
    .max(200, "Your affiliation can be at most 200 characters.")
    .optional(),
  position: z
    .string({ error: "Enter your position, e.g. PhD student." })
    .trim()
    .min(2, "Enter your position, e.g. PhD student.")
    .max(120, "Your position can be at most 120 characters.")
    .optional(),
  country: z
    .string({ error: "Choose your country from the list." })
    .trim()
    .toUpperCase()
    .refine(isCountryCode, "Choose your country from the list.")
    .optional(),
});
export type TProfilePatch = z.output<typeof ZProfilePatch>;

/** POST /api/v1/models/{org}/{name}/access: what the profile lacks, the answers and the license, at once. */
export const ZOneStepAccessInput = z.strictObject({
  profile: ZProfilePatch.default({}),
  answers: z.record(z.string(), z.unknown()).default({}),
  licenseVersionId: z.string({ error: "Accept the license to continue." }).min(1).max(64),
});
export type TOneStepAccessInput = z.input<typeof ZOneStepAccessInput>;

/** DELETE /api/v1/me/access-requests/{id} */
export const ZWithdrawnRequest = z.object({ request: z.object({ id: z.string(), status: z.literal("WITHDRAWN") }) });

/** POST …/license-acceptances: the receipt (`created` false when this version was accepted before). */
export const ZLicenseAcceptance = z.object({
  acceptance: z.object({
    id: z.string(),
    acceptedAt: ZInstant,
    created: z.boolean(),
    licenseVersionId: z.string(),
    sha256: z.string(),
  }),
});

/** GET /api/v1/me/license-acceptances: the caller's receipts, newest first (texts: one receipt at a time). */
export const ZMyLicenseAcceptances = z.object({
  acceptances: z.array(
    z.object({
      id: z.string(),
      acceptedAt: ZInstant,
      textSha256: z.string(),
      licenseVersion: z.object({ version: z.string(), license: z.object({ name: z.string() }) }),
    }),
  ),
});
