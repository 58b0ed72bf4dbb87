import { z } from "zod";
import { ZInstant } from "./instant";
import { tooLongMessage } from "./field-messages";

/** POST /api/v1/admin/licenses/{slug}/versions: a new immutable version, moved onto every model using the license. */
export const ZPublishLicenseVersionInput = z.strictObject({
  version: z
    .string()
    .trim()
    .min(1, "Enter a version such as 1.0.")
    .max(32, tooLongMessage("Version", 32))
    .regex(/^[0-9A-Za-z.+-]+$/, "Write the version with letters, digits, '.', '+' and '-'."),
  text: z
    .string()
    .min(20, "Paste the full license text: at least 20 characters.")
    .max(200_000, tooLongMessage("The license text", 200_000)),
});
export type TPublishLicenseVersionInput = z.infer<typeof ZPublishLicenseVersionInput>;

export const ZLicenseSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/) });

/** POST /api/v1/admin/licenses: a license with its first version (a model can only use a license that has one). */
export const ZCreateLicenseInput = z.strictObject({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(64, tooLongMessage("Slug", 64))
    .regex(
      /^[a-z0-9][a-z0-9.-]*$/,
      "Write the slug with lower-case letters, digits, '.' and '-', e.g. demo-research-1.",
    ),
  name: z.string().trim().min(1, "Enter the license's name.").max(200, tooLongMessage("License name", 200)),
  spdxId: z
    .string()
    .trim()
    .max(64, tooLongMessage("SPDX identifier", 64))
    .regex(/^$|^[A-Za-z0-9.+-]+$/, "Enter an SPDX identifier such as Apache-2.0, or leave it empty.")
    .transform((v) => v || null)
    .nullable()
    .default(null),
  url: z
    .string()
    .trim()
    .max(500, tooLongMessage("URL", 500))
    .regex(/^$|^https?:\/\/\S+$/i, "Enter the URL as a full http(s) address, or leave it empty.")
    .transform((v) => v || null)
    .nullable()
    .default(null),
  version: ZPublishLicenseVersionInput.shape.version,
  text: ZPublishLicenseVersionInput.shape.text,
});
export type TCreateLicenseInput = z.input<typeof ZCreateLicenseInput>;

/** GET /api/v1/admin/licenses: every license, its versions newest first (texts left out: `textLength`). */
export const ZLicenseList = z.object({
  licenses: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      spdxId: z.string().nullable(),
      url: z.string().nullable(),
      createdAt: ZInstant,
      versions: z.array(
        z.object({
          id: z.string(),
          version: z.string(),
          sha256: z.string(),
          publishedAt: ZInstant,
          modelCount: z.number().int(),
          textLength: z.number().int(),
        }),
      ),
    }),
  ),
});
