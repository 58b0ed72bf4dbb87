import { z } from "zod";

/** A model's access rules (the review issue extends these with allowlists and quotas). */
export const ZModelRules = z
  .object({
    /** ISO 3166 alpha-2 codes whose declared residents may not get access. */
    blockedCountries: z.array(z.string().length(2).toUpperCase()).default([]),
  })
  .loose();
export type TModelRules = z.output<typeof ZModelRules>;

export const parseModelRules = (json: unknown) => ZModelRules.parse(json ?? {});
