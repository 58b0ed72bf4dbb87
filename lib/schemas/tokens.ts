import { z } from "zod";
import { tooLongMessage } from "./field-messages";
import { ZInstant } from "./instant";

export const ZCreateTokenInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the token.")
    .max(100, tooLongMessage("Name", 100))
    .regex(/^[^\u0000-\u001f]*$/, "Leave control characters out of the name."),
  scope: z.enum(["READ", "ADMIN"]).default("READ"),
  /** Days until the token stops working; tokens always expire. */
  expiresInDays: z.coerce
    .number({ error: "Enter the number of days until the token expires, from 1 to 365." })
    .int("Enter a whole number of days, from 1 to 365.")
    .min(1, "Enter the number of days until the token expires, from 1 to 365.")
    .max(365, "Tokens expire within a year: enter at most 365 days.")
    .default(90),
});
export type TCreateTokenInput = z.input<typeof ZCreateTokenInput>;

/** DELETE /api/v1/me/tokens/{id}: when it stopped working (the first revocation's time on a repeat). */
export const ZRevokedToken = z.object({ token: z.object({ id: z.string(), revokedAt: ZInstant }) });
