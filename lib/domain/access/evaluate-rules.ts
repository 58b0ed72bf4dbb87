import type { TModelRules } from "@/lib/schemas/rules";

export type RuleOutcome = { decision: "APPROVE" | "REJECT" | "MANUAL"; rule: string; reason: string };

/**
 * What a model's rules say about an applicant, at submission. AUTO models approve unless a rule
 * objects; MANUAL models always go to a reviewer. (The review issue adds allowlists and quotas.)
 */
export const evaluateRules = ({
  gating,
  rules,
  applicant,
}: {
  gating: "AUTO" | "MANUAL";
  rules: TModelRules;
  applicant: { country: string | null; previouslyRevoked?: boolean };
}): RuleOutcome => {
  if (applicant.country && rules.blockedCountries.includes(applicant.country))
    return { decision: "REJECT", rule: "blocked_country", reason: `Declared country ${applicant.country} is not eligible.` };
  // A revoked grant is never renewed by rules alone: a person looks at it.
  if (applicant.previouslyRevoked) return { decision: "MANUAL", rule: "previously_revoked", reason: "Access was revoked before: a reviewer decides." };
  if (gating === "MANUAL") return { decision: "MANUAL", rule: "manual_review", reason: "This model's requests are reviewed by hand." };
  return { decision: "APPROVE", rule: "auto_approval", reason: "Approved automatically." };
};
