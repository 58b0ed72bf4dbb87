import { describe, expect, it } from "vitest";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { db } from "@/lib/db";
import {
  createAcceptance,
  createGatedModel,
  createRequest,
  createResearcher,
  DAY_MS,
  daysFromNow,
  gateSnapshot,
  type GatedModelInput,
  mailJobsTo,
  uid,
} from "@/lib/testing/factories";
import { getAccessState } from "./get-access-state";
import { submitAccessRequest } from "./submit-access-request";

const form = [
  { name: "purpose", type: "textarea", label: "Purpose", required: true, maxLength: 300 },
  { name: "team_size", type: "select", label: "Team size", options: ["1", "2-5", "6+"], required: true },
  { name: "homepage", type: "url", label: "Homepage" },
];
const answers = { purpose: "  Benchmarking on low-resource languages.  ", team_size: "2-5" };
const meta = { ip: "203.0.113.7", userAgent: "vitest/1.0" };

const { modelIds, emails } = trackTestRows();

const setup = async (model: GatedModelInput = {}, profile: Parameters<typeof createResearcher>[0] = {}) => {
  const m = await createGatedModel({ org: `sar${uid()}`, formDefinition: form, ...model });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher(profile);
  emails.push(user.email!);
  const ref = { org: m.org, name: m.name };
  const input = { answers, licenseVersionId: m.licenseVersion.id };
  return {
    model: m,
    user,
    caller,
    ref,
    input,
    snap: () => gateSnapshot({ userId: user.id, modelId: m.id, email: user.email }),
  };
};
const auditOf = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" } });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );

describe("submitAccessRequest: first submissions", () => {
  it("MANUAL: a PENDING request, the license accepted, audit rows and a request-received mail, in one go", async () => {
    const { model, user, caller, ref, input } = await setup({ gating: "MANUAL" });
    const { request, created } = await submitAccessRequest(caller, ref, input, meta);
    expect(created).toBe(true);
    expect(request).toMatchObject({ status: "PENDING", decidedAt: null, expiresAt: null, reasonCode: null });

    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row).toMatchObject({
      userId: user.id,
      modelId: model.id,
      formVersion: 1,
      licenseVersionId: model.licenseVersion.id,
    });
    expect(row.answers).toEqual({ purpose: "Benchmarking on low-resource languages.", team_size: "2-5" });
    expect(row.ruleOutcome).toMatchObject({ decision: "MANUAL", rule: "manual_review" });

    const acceptances = await db.licenseAcceptance.findMany({ where: { userId: user.id } });
    expect(acceptances).toHaveLength(1);
    expect(acceptances[0]).toMatchObject({
      licenseVersionId: model.licenseVersion.id,
      textSha256: model.licenseVersion.sha256,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    expect((await auditOf(acceptances[0]!.id)).map((a) => [a.action, a.actorId, a.modelId])).toEqual([
      ["license.accepted", user.id, model.id],
    ]);
    expect((await auditOf(request.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["access_request.submitted", user.id],
    ]);

    const jobs = await mailJobsTo(user.email!);
    expect(jobs.map((j) => [j.kind, j.state, j.subject])).toEqual([
      ["request-received", "created", `Access request received: ${model.slug}`],
    ]);
    expect((await getAccessState(caller, ref)).code).toBe("REQUEST_PENDING");
  });

  it("AUTO: APPROVED at once with expiresAt = now + grantDurationDays, approved by the rules, request-decided mail", async () => {
    const { model, user, caller, ref, input } = await setup({ gating: "AUTO", grantDurationDays: 30 });
    const before = Date.now();
    const { request, created } = await submitAccessRequest(caller, ref, input, meta);
    const after = Date.now();
    expect(created).toBe(true);
    expect(request).toMatchObject({
      status: "APPROVED",
      reasonCode: "auto_approval",
      reasonText: "Approved automatically.",
    });
    expect(request.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(request.expiresAt!.getTime()).toBeLessThanOrEqual(after + 30 * DAY_MS);
    expect(request.decidedAt!.getTime()).toBeGreaterThanOrEqual(before);

    const audit = await auditOf(request.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["access_request.submitted", user.id],
      ["access_request.approved", null],
    ]);
    expect(audit[1]!.data).toEqual({ by: "rules", rule: "auto_approval" });
    const jobs = await mailJobsTo(user.email!);
    expect(jobs.map((j) => [j.kind, j.subject])).toEqual([["request-decided", `Access approved: ${model.slug}`]]);
    expect(await getAccessState(caller, ref)).toMatchObject({ code: "GRANTED", grantedUntil: request.expiresAt });
  });

  it("AUTO without a grant duration: an APPROVED grant that does not expire", async () => {
    const { caller, ref, input } = await setup({ gating: "AUTO", grantDurationDays: null });
    const { request } = await submitAccessRequest(caller, ref, input, meta);
    expect(request).toMatchObject({ status: "APPROVED", expiresAt: null });
  });
});

describe("submitAccessRequest: submitting twice", () => {
  it("5 simultaneous MANUAL submissions make one request, one acceptance, one mail; every call answers the same id", async () => {
    const { user, caller, ref, input, snap } = await setup({ gating: "MANUAL" });
    const results = await Promise.all(Array.from({ length: 5 }, () => submitAccessRequest(caller, ref, input, meta)));
    const s = await snap();
    expect(s.requests).toHaveLength(1);
    expect(s.acceptances).toHaveLength(1);
    expect(s.jobs).toHaveLength(1);
    expect(new Set(results.map((r) => r.request.id))).toEqual(new Set([s.requests[0]!.id]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "access_request.submitted" } })).toBe(1);
  });

  it("a second MANUAL submission while pending answers the open request with created:false and writes nothing", async () => {
    const { caller, ref, input, snap } = await setup({ gating: "MANUAL" });
    const first = await submitAccessRequest(caller, ref, input, meta);
    const before = await snap();
    const second = await submitAccessRequest(
      caller,
      ref,
      { ...input, answers: { purpose: "other", team_size: "1" } },
      meta,
    );
    expect(second).toMatchObject({ created: false, request: { id: first.request.id, status: "PENDING" } });
    expect(await snap()).toEqual(before);
  });

  it("5 simultaneous AUTO submissions make exactly one request and one acceptance (late callers may get CONFLICT)", async () => {
    const { caller, ref, input, snap } = await setup({ gating: "AUTO" });
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => submitAccessRequest(caller, ref, input, meta)),
    );
    const s = await snap();
    expect(s.requests).toHaveLength(1);
    expect(s.acceptances).toHaveLength(1);
    for (const r of settled)
      if (r.status === "fulfilled") expect(r.value.request.id).toBe(s.requests[0]!.id);
      else expect(r.reason).toMatchObject({ code: "CONFLICT" });
    expect(settled.filter((r) => r.status === "fulfilled" && r.value.created)).toHaveLength(1);
  });

  it("a second AUTO submission after approval answers with the approved request, nothing written", async () => {
    const { caller, ref, input, snap } = await setup({ gating: "AUTO" });
    const first = await submitAccessRequest(caller, ref, input, meta);
    const before = await snap();
    const again = await submitAccessRequest(caller, ref, input, meta);
    expect(again).toMatchObject({ created: false, request: { id: first.request.id, status: "APPROVED" } });
    expect(await snap()).toEqual(before);
  });
});

describe("submitAccessRequest: after a decision", () => {
  it("after a rejection: refused during the cooldown (nothing written), accepted after it", async () => {
    const { model, user, caller, ref, input, snap } = await setup({ gating: "MANUAL", requestCooldownDays: 14 });
    const rejected = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REJECTED",
      decidedAt: daysFromNow(-13),
    });
    const before = await snap();
    expect(await caught(submitAccessRequest(caller, ref, input, meta))).toMatchObject({
      code: "REQUEST_REJECTED",
      action: "/account/requests",
    });
    expect(await snap()).toEqual(before);

    await db.accessRequest.update({ where: { id: rejected.id }, data: { decidedAt: daysFromNow(-15) } });
    const { request, created } = await submitAccessRequest(caller, ref, input, meta);
    expect({ created, status: request.status }).toEqual({ created: true, status: "PENDING" });
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: rejected.id } })).status).toBe("REJECTED");
  });

  it("after a revocation: a new request may be made at once", async () => {
    const { model, user, caller, ref, input } = await setup({ gating: "MANUAL" });
    await createRequest({ userId: user.id, modelId: model.id, status: "REVOKED", revokedAt: new Date() });
    expect(await submitAccessRequest(caller, ref, input, meta)).toMatchObject({
      created: true,
      request: { status: "PENDING" },
    });
  });

  it("renewal after a lapsed APPROVED grant marks the old one EXPIRED (audited) and approves anew; the accepted version is not recorded twice", async () => {
    const { model, user, caller, ref, input } = await setup({ gating: "AUTO", grantDurationDays: 7 });
    const old = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(-1),
    });
    await createAcceptance(user.id, model.licenseVersion, daysFromNow(-8));
    expect((await getAccessState(caller, ref)).code).toBe("GRANT_EXPIRED");

    const { request, created } = await submitAccessRequest(caller, ref, input, meta);
    expect(created).toBe(true);
    expect(request.id).not.toBe(old.id);
    expect(request.status).toBe("APPROVED");
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("EXPIRED");
    expect((await auditOf(old.id)).map((a) => [a.action, a.actorId])).toEqual([["access_request.expired", null]]);
    expect(await db.licenseAcceptance.count({ where: { userId: user.id } })).toBe(1);
    expect((await getAccessState(caller, ref)).code).toBe("GRANTED");
  });

  it("renewal after an EXPIRED request works too", async () => {
    const { model, user, caller, ref, input } = await setup({ gating: "MANUAL" });
    await createRequest({ userId: user.id, modelId: model.id, status: "EXPIRED", expiresAt: daysFromNow(-3) });
    expect(await submitAccessRequest(caller, ref, input, meta)).toMatchObject({
      created: true,
      request: { status: "PENDING" },
    });
  });
});
