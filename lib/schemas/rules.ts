import { z } from "zod";

/** `example.org` matches that domain only; `*.edu` matches any domain ending in `.edu` (mit.edu, cs.mit.edu). */
const ZDomainPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/,
    "a domain such as example.org or a wildcard such as *.edu",
  );

/** What a rule does with an applicant it does not approve. */
const ZOtherwise = z.enum(["MANUAL", "REJECT"]);

/**
 * A model's access rules, evaluated on submit (lib/domain/access/evaluate-rules.ts). Each rule
 * yields approve, reject or manual review; only AUTO models approve on rules alone.
 */
export const ZModelRules = z
  .object({
    /** ISO 3166 alpha-2 codes whose declared residents may not get access (GEO_BLOCKED). */
    blockedCountries: z.array(z.string().length(2).toUpperCase()).default([]),
    /** Applicants without an ORCID iD (or without a verified one) go to a reviewer or are rejected. */
    orcid: z
      .object({ require: z.enum(["DECLARED", "VERIFIED"]), otherwise: ZOtherwise.default("MANUAL") })
      .nullable()
      .default(null),
    /** Only applicants whose e-mail domain matches are approved automatically. */
    emailDomains: z
      .object({ allow: z.array(ZDomainPattern).min(1), otherwise: ZOtherwise.default("MANUAL") })
      .nullable()
      .default(null),
    /** At most this many automatic approvals per e-mail domain per UTC day; the rest go to a reviewer. */
    dailyAutoApprovalsPerDomain: z.number().int().min(1).max(100_000).nullable().default(null),
  })
  .loose();
export type TModelRules = z.output<typeof ZModelRules>;
export type TModelRulesInput = z.input<typeof ZModelRules>;

export const parseModelRules = (json: unknown) => ZModelRules.parse(json ?? {});

export const domainMatches = (domain: string, pattern: string) =>
  pattern.startsWith("*.") ? domain.endsWith(pattern.slice(1)) : domain === pattern;
