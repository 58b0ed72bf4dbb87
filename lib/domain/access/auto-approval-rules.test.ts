import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callerOf, completeProfile, createGatedModel, createUser, gateSnapshot, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { submitAccessRequest } from "./submit-access-request";
import { expectAppError } from "@/lib/testing/expect-app-error";

const meta = { ip: "203.0.113.9", userAgent: "vitest/1.0" };
const { modelIds, emails } = trackTestRows();

const modelWith = async (rules: Record<string, unknown>, gating: "AUTO" | "MANUAL" = "AUTO") => {
  const m = await createGatedModel({ org: `aar${uid()}`, gating, rules, grantDurationDays: 30 });
  modelIds.push(m.id);
  return m;
};
const applicant = async (email: string, extra: { orcid?: string; orcidVerifiedAt?: Date } = {}) => {
  const user = await createUser({ email });
  emails.push(email);
  const full = await completeProfile(user.id);
  if (extra.orcid) await db.user.update({ where: { id: user.id }, data: extra });
  return { user: full, caller: callerOf(full) };
};
const submit = (m: Awaited<ReturnType<typeof modelWith>>, caller: ReturnType<typeof callerOf>) =>
  submitAccessRequest(
    caller,
    { org: m.org, name: m.name },
    { answers: {}, licenseVersionId: m.licenseVersion.id },
    meta,
  );

describe("auto-approval rules on submit", () => {
  it("approves an allowlisted domain at once, stores the outcome with its checks, and audits the rules as the decider", async () => {
    const m = await modelWith({ emailDomains: { allow: ["*.edu"] } });
    const { caller } = await applicant(`a-${uid()}@cs.uni${uid()}.edu`);
    const { request } = await submit(m, caller);
    expect(request).toMatchObject({ status: "APPROVED", reasonCode: "auto_approval" });
    expect(request.expiresAt).not.toBeNull();
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.ruleOutcome).toMatchObject({
      decision: "APPROVE",
      checks: [
        { rule: "email_domain", result: "pass" },
        { rule: "auto_approval", result: "APPROVE" },
      ],
    });
    const audit = await db.auditEvent.findMany({ where: { targetId: request.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["access_request.submitted", caller.id],
      ["access_request.approved", null],
    ]);
  });

  it("a domain off the list goes to manual review, or is rejected with the reason when the rule says so", async () => {
    const manual = await modelWith({ emailDomains: { allow: ["*.edu"] } });
    const reject = await modelWith({ emailDomains: { allow: ["*.edu"], otherwise: "REJECT" } });
    const { caller } = await applicant(`b-${uid()}@gmail${uid()}.com`);
    expect((await submit(manual, caller)).request).toMatchObject({ status: "PENDING", reasonCode: null });
    expect((await submit(reject, caller)).request).toMatchObject({
      status: "REJECTED",
      reasonCode: "email_domain",
      reasonText: expect.stringContaining("is not on this model's list"),
    });
  });

  it("ORCID required: without an iD the request waits for a reviewer; with a verified iD it is approved", async () => {
    const m = await modelWith({ orcid: { require: "VERIFIED" } });
    const without = await applicant(`c-${uid()}@lab.test`);
    const withId = await applicant(`d-${uid()}@lab.test`, {
      orcid: "0000-0002-1825-0097",
      orcidVerifiedAt: new Date(),
    });
    const pending = (await submit(m, without.caller)).request;
    expect(pending.status).toBe("PENDING");
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).ruleOutcome).toMatchObject({
      rule: "orcid_required",
      decision: "MANUAL",
    });
    expect((await submit(m, withId.caller)).request.status).toBe("APPROVED");
  });

  it("the per-domain daily cap holds under simultaneous submissions; other domains are not affected", async () => {
    const domain = `q${uid()}.edu`;
    const m = await modelWith({ emailDomains: { allow: ["*.edu"] }, dailyAutoApprovalsPerDomain: 2 });
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => applicant(`p${i}-${uid()}@${domain}`)));
    const results = await Promise.all(people.map((p) => submit(m, p.caller)));
    const statuses = results.map((r) => r.request.status).sort();
    expect(statuses).toEqual(["APPROVED", "APPROVED", "PENDING", "PENDING", "PENDING"]);
    const held = await db.accessRequest.findMany({ where: { modelId: m.id, status: "PENDING" } });
    for (const r of held)
      expect(r.ruleOutcome).toMatchObject({
        decision: "MANUAL",
        rule: "domain_daily_quota",
        reason: `Today's 2 automatic approvals for ${domain} are used up: a reviewer decides.`,
      });
    const other = await applicant(`o-${uid()}@x${uid()}.edu`);
    expect((await submit(m, other.caller)).request.status).toBe("APPROVED");
  });

  it("a blocked country is refused before any row is written", async () => {
    const m = await modelWith({ blockedCountries: ["GB"], emailDomains: { allow: ["*.edu"] } });
    const { user, caller } = await applicant(`e-${uid()}@mit${uid()}.edu`);
    const before = await gateSnapshot({ userId: user.id, modelId: m.id, email: user.email });
    await expectAppError(submit(m, caller), "GEO_BLOCKED");
    expect(await gateSnapshot({ userId: user.id, modelId: m.id, email: user.email })).toEqual(before);
  });
});
