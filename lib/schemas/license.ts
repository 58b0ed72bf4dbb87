import { z } from "zod";

/** POST /api/v1/admin/licenses/{slug}/versions: a new immutable version, moved onto every model using the license. */
export const ZPublishLicenseVersionInput = z.strictObject({
  version: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[0-9A-Za-z.+-]+$/, "letters, digits, '.', '+' and '-'"),
  text: z.string().min(20, "the full license text, at least 20 characters").max(200_000),
});
export type TPublishLicenseVersionInput = z.infer<typeof ZPublishLicenseVersionInput>;

export const ZLicenseSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/) });

/** POST /api/v1/admin/licenses: a license with its first version (a model can only use a license that has one). */
export const ZCreateLicenseInput = z.strictObject({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, "lower-case letters, digits, '.' and '-' (at most 64), e.g. demo-research-1"),
  name: z.string().trim().min(1, "Enter the license's name").max(200, "at most 200 characters"),
  spdxId: z
    .string()
    .trim()
    .max(64)
    .regex(/^$|^[A-Za-z0-9.+-]+$/, "an SPDX identifier such as Apache-2.0")
    .transform((v) => v || null)
    .nullable()
    .default(null),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^$|^https?:\/\/\S+$/i, "a full http(s) URL")
    .transform((v) => v || null)
    .nullable()
    .default(null),
  version: ZPublishLicenseVersionInput.shape.version,
  text: ZPublishLicenseVersionInput.shape.text,
});
export type TCreateLicenseInput = z.input<typeof ZCreateLicenseInput>;
