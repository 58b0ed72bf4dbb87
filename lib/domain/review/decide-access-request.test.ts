import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import {
  callerOf,
  createAcceptance,
  createGatedModel,
  createRequest,
  createResearcher,
  createModelReviewer,
} from "@/lib/testing/factories";
import { decideAccessRequest } from "./decide-access-request";
import { revokeGrant } from "./revoke-grant";
import { expectAppError } from "@/lib/testing/expect-app-error";

const setup = async () => {
  const { user: applicant, caller: applicantCaller } = await createResearcher();
  const model = await createGatedModel({ gating: "MANUAL", grantDurationDays: 30 });
  const request = await createRequest({ userId: applicant.id, modelId: model.id, status: "PENDING" });
  const { user: reviewerUser } = await createResearcher({ name: "Rita Reviewer" });
  await createModelReviewer(reviewerUser.id, model.id);
  return { applicant, applicantCaller, model, request, reviewer: callerOf(reviewerUser) };
};

const snapshot = (id: string) =>
  Promise.all([
    db.accessRequest.findUniqueOrThrow({ where: { id }, select: { status: true, decidedById: true, updatedAt: true } }),
    db.auditEvent.count({ where: { targetId: id } }),
  ]);

describe("decideAccessRequest", () => {
  it("an assigned reviewer approves: expiry from the model's grant duration, audit row, mail job", async () => {
    const { request, reviewer, applicant } = await setup();
    const result = await decideAccessRequest(reviewer, request, { decision: "APPROVE" });
    expect(result.status).toBe("APPROVED");
    expect(Math.abs((result.expiresAt as Date).getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    expect(
      await db.auditEvent.count({
        where: { targetId: request.id, action: "access_request.approved", actorId: reviewer.id },
      }),
    ).toBe(1);
    const jobs = await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'to' = ${applicant.email} AND data->>'kind' = 'request-decided'`;
    expect(jobs[0]?.n).toBe(1);
  });

  it("a rejection needs a reason code and text, which the applicant then sees", async () => {
    const { request, reviewer, applicantCaller, model } = await setup();
    await expect(
      decideAccessRequest(reviewer, request, { decision: "REJECT", reasonCode: "NOT_ELIGIBLE", reasonText: "" }),
    ).rejects.toThrow();
    await decideAccessRequest(reviewer, request, {
      decision: "REJECT",
      reasonCode: "NOT_ELIGIBLE",
      reasonText: "Students need a supervisor's request.",
    });
    const state = await getAccessState(applicantCaller, model);
    expect(state.code).toBe("REQUEST_REJECTED");
    expect(state.message).toContain("Students need a supervisor's request.");
  });

  it("two reviewers at once: exactly one decision is recorded, the other is told who decided", async () => {
    const { request, reviewer, model } = await setup();
    const { user: second } = await createResearcher({ name: "Sam Second" });
    await createModelReviewer(second.id, model.id);
    const results = await Promise.allSettled([
      decideAccessRequest(reviewer, request, { decision: "APPROVE" }),
      decideAccessRequest(callerOf(second), request, {
        decision: "REJECT",
        reasonCode: "OTHER",
        reasonText: "Not now.",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "ALREADY_DECIDED", status: 409 });
    expect(loser.reason.userMessage).toMatch(/decided by (Rita Reviewer|Sam Second)/);
    expect(await db.auditEvent.count({ where: { targetId: request.id } })).toBe(1);
  });

  it("a reviewer of another model, or a researcher, gets 404 and nothing changes", async () => {
    const { request } = await setup();
    const other = await setup();
    const { caller: researcher } = await createResearcher();
    const before = await snapshot(request.id);
    for (const caller of [other.reviewer, researcher])
      await expectAppError(decideAccessRequest(caller, request, { decision: "APPROVE" }), "NOT_FOUND");
    expect(await snapshot(request.id)).toEqual(before);
  });
});

describe("revokeGrant", () => {
  it("ends an active grant at once: the gate answers GRANT_REVOKED with the reason", async () => {
    const { applicant, applicantCaller, model, reviewer, request } = await setup();
    const grant = await db.accessRequest.update({ where: { id: request.id }, data: { status: "APPROVED" } });
    await createAcceptance(applicant.id, model.licenseVersion);
    expect((await getAccessState(applicantCaller, model)).code).toBe("GRANTED");
    await revokeGrant(reviewer, grant, { reasonText: "Weights found on a public mirror." });
    const state = await getAccessState(applicantCaller, model);
    expect(state).toMatchObject({ code: "GRANT_REVOKED" });
    expect(state.message).toContain("Weights found on a public mirror.");
    await expectAppError(revokeGrant(reviewer, grant, { reasonText: "again" }), "CONFLICT");
  });
});

describe("refusal order", () => {
  it("an outsider with a malformed body still gets 404, not a validation error", async () => {
    const { request } = await setup();
    const { caller: researcher } = await createResearcher();
    await expectAppError(decideAccessRequest(researcher, request, { decision: "MAYBE" } as never), "NOT_FOUND");
    await expectAppError(revokeGrant(researcher, request, {} as never), "NOT_FOUND");
  });
});
