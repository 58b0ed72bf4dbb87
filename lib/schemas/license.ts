import { z } from "zod";

/** POST /api/v1/admin/licenses/{slug}/versions: a new immutable version, moved onto every model using the license. */
export const ZPublishLicenseVersionInput = z.strictObject({
  version: z.string().trim().min(1).max(32).regex(/^[0-9A-Za-z.+-]+$/, "letters, digits, '.', '+' and '-'"),
  text: z.string().min(20, "the full license text, at least 20 characters").max(200_000),
});
export type TPublishLicenseVersionInput = z.infer<typeof ZPublishLicenseVersionInput>;

export const ZLicenseSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/) });
