import { domainMatches, type TModelRules } from "@/lib/schemas/rules";

type Decision = "APPROVE" | "REJECT" | "MANUAL";
export type RuleCheck = { rule: string; result: "pass" | Decision; detail: string };
/** Stored on the request (`ruleOutcome`) and shown to reviewers: the decision and every check behind it. */
export type RuleOutcome = { decision: Decision; rule: string; reason: string; checks: RuleCheck[] };

export type Applicant = {
  email: string | null;
  country: string | null;
  orcid: string | null;
  orcidVerified: boolean;
  previouslyRevoked?: boolean;
  /** The address came from an identity provider that did not vouch for it (OIDC `email_verified` not true). */
  emailUnverified?: boolean;
};

export const emailDomainOf = (email: string | null) => email?.split("@").pop()?.toLowerCase() ?? null;

/**
 * What a model's rules say about an applicant, at submission. Checks run in a fixed order and
 * the first that does not pass decides. AUTO models approve when every check passes; MANUAL
 * models always end with a reviewer. The per-domain daily quota needs the database, so
 * submitAccessRequest applies it after this (see `quotaOutcome`).
 */
export const evaluateRules = ({
  gating,
  rules,
  applicant,
}: {
  gating: "AUTO" | "MANUAL";
  rules: TModelRules;
  applicant: Applicant;
}): RuleOutcome => {
  const checks: RuleCheck[] = [];
  const decide = (rule: string, decision: Decision, reason: string): RuleOutcome => {
    checks.push({ rule, result: decision, detail: reason });
    return { decision, rule, reason, checks };
  };
  const pass = (rule: string, detail: string) => checks.push({ rule, result: "pass", detail });

  if (applicant.country && rules.blockedCountries.includes(applicant.country))
    return decide("blocked_country", "REJECT", `Declared country ${applicant.country} is not eligible.`);
  if (rules.blockedCountries.length)
    pass("blocked_country", `Declared country ${applicant.country ?? "none"} is not blocked.`);

  // A revoked grant is never renewed by rules alone: a person looks at it.
  if (applicant.previouslyRevoked)
    return decide("previously_revoked", "MANUAL", "Access was revoked before: a reviewer decides.");

  if (rules.orcid) {
    const verifiedNeeded = rules.orcid.require === "VERIFIED";
    const ok = verifiedNeeded ? Boolean(applicant.orcid && applicant.orcidVerified) : Boolean(applicant.orcid);
    const what = verifiedNeeded ? "a verified ORCID iD (sign in with ORCID)" : "an ORCID iD";
    if (!ok) return decide("orcid_required", rules.orcid.otherwise, `This model requires ${what}.`);
    pass("orcid_required", verifiedNeeded ? "ORCID iD verified." : "ORCID iD given.");
  }

  if (rules.emailDomains) {
    const domain = emailDomainOf(applicant.email);
    if (applicant.emailUnverified)
      return decide(
        "email_domain",
        rules.emailDomains.otherwise,
        "Your e-mail address is not verified: sign in once with an e-mail link to verify it.",
      );
    const match = domain && rules.emailDomains.allow.find((p) => domainMatches(domain, p));
    if (!match)
      return decide(
        "email_domain",
        rules.emailDomains.otherwise,
        `E-mail domain ${domain ?? "(none)"} is not on this model's list for automatic approval.`,
      );
    pass("email_domain", `E-mail domain ${domain} matches ${match}.`);
  }

  if (gating === "MANUAL") return decide("manual_review", "MANUAL", "This model's requests are reviewed by hand.");
  return decide("auto_approval", "APPROVE", "Approved automatically.");
};

/** The daily per-domain cap, applied to an APPROVE outcome once today's count is known. */
export const quotaOutcome = (
  outcome: RuleOutcome,
  { limit, usedToday, domain }: { limit: number; usedToday: number; domain: string },
): RuleOutcome => {
  if (usedToday < limit) {
    const check: RuleCheck = {
      rule: "domain_daily_quota",
      result: "pass",
      detail: `${usedToday + 1} of ${limit} automatic approvals today for ${domain}.`,
    };
    return { ...outcome, checks: [...outcome.checks.slice(0, -1), check, ...outcome.checks.slice(-1)] };
  }
  const reason = `Today's ${limit} automatic approvals for ${domain} are used up: a reviewer decides.`;
  return {
    decision: "MANUAL",
    rule: "domain_daily_quota",
    reason,
    checks: [...outcome.checks.slice(0, -1), { rule: "domain_daily_quota", result: "MANUAL", detail: reason }],
  };
};
