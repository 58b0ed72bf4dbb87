import { z } from "zod";

/** Inputs of `npm run ops -- <command>` (infra/ops) and the domain functions behind it. */

/** Stored lower-case, as the magic-link sign-in stores it. */
export const ZOpsEmail = z.email("not a valid e-mail address").trim().toLowerCase().max(254);

export const ZModelSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/, "must be org/name");

export const ZGrantDays = z.coerce.number().int("must be a whole number of days").min(1).max(3650);

export const ZOpsReason = z.string().trim().min(3, "at least 3 characters").max(1000);

export const ZOpsScope = z
  .string()
  .toUpperCase()
  .pipe(z.enum(["READ", "ADMIN"], "must be read or admin"));

export const ZMakeAdminInput = z.object({ email: ZOpsEmail, actorId: z.string().nullable(), via: z.string().min(1) });
export type TMakeAdminInput = z.input<typeof ZMakeAdminInput>;

export const ZGrantAccessInput = z.object({
  email: ZOpsEmail,
  slug: ZModelSlug,
  /** Days from now; default: the model's grant duration (none: no expiry). */
  days: ZGrantDays.optional(),
  actorId: z.string().nullable(),
  via: z.string().min(1),
});
export type TGrantAccessInput = z.input<typeof ZGrantAccessInput>;
