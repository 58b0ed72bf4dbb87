import { z } from "zod";

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
