import { describe, expect, it } from "vitest";
import { parseModelRules } from "@/lib/schemas/rules";
import { evaluateRules, quotaOutcome, type Applicant } from "./evaluate-rules";

const person = (over: Partial<Applicant> = {}): Applicant => ({
  email: "ada@cs.mit.edu",
  country: "GB",
  orcid: null,
  orcidVerified: false,
  ...over,
});
const run = (rules: unknown, applicant: Applicant, gating: "AUTO" | "MANUAL" = "AUTO") =>
  evaluateRules({ gating, rules: parseModelRules(rules), applicant });

describe("evaluateRules", () => {
  it("approves on AUTO with no rules, and sends everything to a reviewer on MANUAL", () => {
    expect(run({}, person())).toMatchObject({ decision: "APPROVE", rule: "auto_approval" });
    expect(run({}, person(), "MANUAL")).toMatchObject({ decision: "MANUAL", rule: "manual_review" });
  });

  it("domain allowlist: exact names, and wildcards that match any depth below them", () => {
    const rules = { emailDomains: { allow: ["*.edu", "*.ac.uk", "Example.org"] } };
    expect(run(rules, person({ email: "a@mit.edu" })).decision).toBe("APPROVE");
    expect(run(rules, person({ email: "a@cs.mit.edu" })).decision).toBe("APPROVE");
    expect(run(rules, person({ email: "a@ox.ac.uk" })).decision).toBe("APPROVE");
    expect(run(rules, person({ email: "a@EXAMPLE.org" })).decision).toBe("APPROVE");
    // Not a suffix trick: "notedu" and "example.org.evil.com" do not match.
    expect(run(rules, person({ email: "a@mit.notedu" }))).toMatchObject({ decision: "MANUAL", rule: "email_domain" });
    expect(run(rules, person({ email: "a@example.org.evil.com" })).decision).toBe("MANUAL");
    expect(run(rules, person({ email: "a@sub.example.org" })).decision).toBe("MANUAL");
    expect(
      run({ emailDomains: { allow: ["*.edu"], otherwise: "REJECT" } }, person({ email: "a@gmail.com" })),
    ).toMatchObject({
      decision: "REJECT",
      reason: "E-mail domain gmail.com is not on this model's list for automatic approval.",
    });
  });

  it("an OIDC address its provider did not verify never matches a domain rule", () => {
    expect(
      run({ emailDomains: { allow: ["*.edu"] } }, person({ email: "a@mit.edu", emailUnverified: true })),
    ).toMatchObject({
      decision: "MANUAL",
      rule: "email_domain",
      reason: expect.stringMatching(/not verified/),
    });
  });

  it("a matching domain on a MANUAL model still goes to a reviewer (rules never approve there)", () => {
    expect(run({ emailDomains: { allow: ["*.edu"] } }, person(), "MANUAL")).toMatchObject({
      decision: "MANUAL",
      rule: "manual_review",
    });
  });

  it("ORCID required: declared or verified, with manual review or rejection otherwise", () => {
    expect(run({ orcid: { require: "DECLARED" } }, person())).toMatchObject({
      decision: "MANUAL",
      rule: "orcid_required",
    });
    expect(run({ orcid: { require: "DECLARED" } }, person({ orcid: "0000-0002-1825-0097" })).decision).toBe("APPROVE");
    expect(
      run({ orcid: { require: "VERIFIED", otherwise: "REJECT" } }, person({ orcid: "0000-0002-1825-0097" })),
    ).toMatchObject({
      decision: "REJECT",
      reason: "This model requires a verified ORCID iD (sign in with ORCID).",
    });
    expect(
      run({ orcid: { require: "VERIFIED" } }, person({ orcid: "0000-0002-1825-0097", orcidVerified: true })).decision,
    ).toBe("APPROVE");
  });

  it("blocked country rejects before anything else; a past revocation always goes to a person", () => {
    expect(
      run({ blockedCountries: ["kp"], emailDomains: { allow: ["*.edu"] } }, person({ country: "KP" })),
    ).toMatchObject({ decision: "REJECT", rule: "blocked_country" });
    expect(run({}, person({ previouslyRevoked: true }))).toMatchObject({
      decision: "MANUAL",
      rule: "previously_revoked",
    });
  });

  it("keeps the trace of every check for the reviewer", () => {
    const outcome = run(
      { blockedCountries: ["KP"], orcid: { require: "DECLARED" }, emailDomains: { allow: ["*.edu"] } },
      person({ orcid: "0000-0002-1825-0097" }),
    );
    expect(outcome.checks.map((c) => [c.rule, c.result])).toEqual([
      ["blocked_country", "pass"],
      ["orcid_required", "pass"],
      ["email_domain", "pass"],
      ["auto_approval", "APPROVE"],
    ]);
  });

  it("the daily quota turns the approval past the limit into manual review", () => {
    const approve = run({}, person());
    expect(quotaOutcome(approve, { limit: 2, usedToday: 1, domain: "mit.edu" })).toMatchObject({ decision: "APPROVE" });
    expect(quotaOutcome(approve, { limit: 2, usedToday: 2, domain: "mit.edu" })).toMatchObject({
      decision: "MANUAL",
      rule: "domain_daily_quota",
    });
  });

  it("refuses malformed rule settings with the field named", () => {
    const r = (rules: unknown) => {
      const parsed = (() => {
        try {
          parseModelRules(rules);
          return null;
        } catch (e) {
          return (e as { issues: { path: unknown[] }[] }).issues.map((i) => i.path.join("."));
        }
      })();
      return parsed;
    };
    expect(r({ emailDomains: { allow: ["*.*"] } })).toEqual(["emailDomains.allow.0"]);
    expect(r({ emailDomains: { allow: [] } })).toEqual(["emailDomains.allow"]);
    expect(r({ dailyAutoApprovalsPerDomain: 0 })).toEqual(["dailyAutoApprovalsPerDomain"]);
    expect(r({ orcid: { require: "SOMETIMES" } })).toEqual(["orcid.require"]);
  });
});
