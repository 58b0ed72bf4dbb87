import { z } from "zod";
import { isCountryCode } from "@/lib/countries";
import { tooLongMessage } from "./field-messages";

/** ORCID iDs end in an ISO 7064 MOD 11-2 check character (https://support.orcid.org). */
export const isValidOrcid = (id: string) => {
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(id)) return false;
  const digits = id.replace(/-/g, "");
  let total = 0;
  for (const d of digits.slice(0, 15)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? "X" : String(check));
};

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLongMessage(label, max))
    .transform((v) => v || null)
    .nullable()
    .optional();

/** The researcher profile; required fields must be set before a first access request. */
export const ZProfileInput = z.object({
  name: z.string().trim().min(2, "Enter your full name.").max(120, tooLongMessage("Full name", 120)),
  affiliation: z
    .string()
    .trim()
    .min(2, "Enter your university, institute or company.")
    .max(200, tooLongMessage("Affiliation", 200)),
  position: z
    .string()
    .trim()
    .min(2, "Enter your position, for example PhD student.")
    .max(120, tooLongMessage("Position", 120)),
  country: z.string().trim().toUpperCase().refine(isCountryCode, "Choose your country from the list."),
  orcid: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v.replace(/^HTTPS?:\/\/ORCID\.ORG\//, ""))
    .refine(
      (v) => v === "" || isValidOrcid(v),
      "Enter your ORCID iD as 0000-0000-0000-0000 with a valid check digit, or leave it empty.",
    )
    .transform((v) => v || null)
    .nullable()
    .optional(),
  website: optionalText("Website", 300).refine(
    (v) => !v || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v),
    "Enter your website as a full http(s) URL, or leave it empty.",
  ),
});
export type TProfileInput = z.input<typeof ZProfileInput>;
export type TProfile = z.output<typeof ZProfileInput>;

/** Which profile fields a first access request needs. */
export const requiredProfileFields = ["name", "affiliation", "position", "country"] as const;

const known = z.enum(["verified", "self-declared"]);
const field = z.object({ value: z.string().nullable(), verification: known });
/** A profile with how each field is known (lib/domain/profile/get-profile.ts `buildProfileView`). */
export const ZProfileFields = z.object({
  email: field,
  emailDomain: field,
  name: field,
  affiliation: field,
  position: field,
  country: field.extend({ label: z.string().nullable() }),
  orcid: field,
  website: field,
  isComplete: z.boolean(),
});
/** GET and PUT /api/v1/me/profile */
export const ZProfileView = z.object({ profile: ZProfileFields });
