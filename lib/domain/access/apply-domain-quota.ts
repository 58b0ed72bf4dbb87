import "server-only";
import type { Tx } from "@/lib/db";
import type { TModelRules } from "@/lib/schemas/rules";
import { emailDomainOf, quotaOutcome, type RuleOutcome } from "./evaluate-rules";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Holds an automatic approval to the model's daily cap per e-mail domain. Runs inside the
 * submitting transaction under a lock per (model, domain), so simultaneous submissions from one
 * domain cannot both take the last slot.
 */
export const applyDomainQuota = async (
  tx: Tx,
  {
    modelId,
    rules,
    email,
    outcome,
  }: { modelId: string; rules: TModelRules; email: string | null; outcome: RuleOutcome },
) => {
  const limit = rules.dailyAutoApprovalsPerDomain;
  const domain = emailDomainOf(email);
  if (outcome.decision !== "APPROVE" || !limit || !domain) return outcome;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`quota:${modelId}:${domain}`}, 0))`;
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const usedToday = await tx.accessRequest.count({
    where: {
      modelId,
      createdAt: { gte: midnight },
      ruleOutcome: { path: ["decision"], equals: "APPROVE" },
      user: { email: { endsWith: `@${escapeLike(domain)}`, mode: "insensitive" } },
    },
  });
  return quotaOutcome(outcome, { limit, usedToday, domain });
};
