import { z } from "zod";

export const ZCreateTokenInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name")
    .max(100)
    .regex(/^[^\u0000-\u001f]*$/, "No control characters"),
  scope: z.enum(["READ", "ADMIN"]).default("READ"),
  /** Days until the token stops working; tokens always expire. */
  expiresInDays: z.coerce.number().int().min(1).max(365).default(90),
});
export type TCreateTokenInput = z.input<typeof ZCreateTokenInput>;
