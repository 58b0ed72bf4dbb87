import { addDays } from "@/lib/time";

/** When a grant starting at `from` ends: the model's grant duration later, or never (null) when it sets none. */
export const grantEndsAt = (grantDurationDays: number | null, from: Date = new Date()) =>
  grantDurationDays ? addDays(from, grantDurationDays) : null;
