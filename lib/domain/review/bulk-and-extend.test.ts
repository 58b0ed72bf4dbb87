import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  DAY_MS,
  daysFromNow,
  mailJobsTo,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { decideAccessRequests } from "./decide-access-requests";
import { extendGrant } from "./extend-grant";
import { getReviewRequest } from "./get-review-request";
import { listReviewQueue } from "./list-review-queue";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();

const world = async (n = 3) => {
  const model = await createGatedModel({
    gating: "MANUAL",
    grantDurationDays: 30,
    formDefinition: [{ name: "purpose", type: "textarea", label: "What for?", required: true }],
  });
  const other = await createGatedModel({ gating: "MANUAL" });
  modelIds.push(model.id, other.id);
  const { user: reviewerUser } = await createResearcher({ name: "Rita Reviewer" });
  await createModelReviewer(reviewerUser.id, model.id);
  const applicants = await Promise.all(Array.from({ length: n }, () => createResearcher()));
  emails.push(...applicants.map((a) => a.user.email!));
  const requests = await Promise.all(
    applicants.map(({ user }) => createRequest({ userId: user.id, modelId: model.id, status: "PENDING" })),
  );
  const { user: stranger } = await createResearcher();
  const foreign = await createRequest({ userId: stranger.id, modelId: other.id, status: "PENDING" });
  return { model, other, reviewer: callerOf(reviewerUser), applicants, requests, foreign };
};
const states = (ids: string[]) =>
  db.accessRequest.findMany({
    where: { id: { in: ids } },
    orderBy: { id: "asc" },
    select: { id: true, status: true, decidedById: true, updatedAt: true },
  });
const auditCount = (ids: string[]) => db.auditEvent.count({ where: { targetId: { in: ids } } });

describe("decideAccessRequests (bulk)", () => {
  it("approves a selection: each item reports its result; another model's request is a 404 item and stays untouched", async () => {
    const { reviewer, requests, foreign, applicants } = await world();
    const foreignBefore = await states([foreign.id]);
    const out = await decideAccessRequests(reviewer, {
      ids: [...requests.map((r) => r.id), foreign.id, "nope"],
      decision: "approve",
    });
    expect(out.summary).toEqual({ decided: 3, unchanged: 0, failed: 2 });
    expect(out.results.slice(0, 3).every((r) => r.ok && r.changed && r.status === "APPROVED")).toBe(true);
    expect(out.results.slice(3)).toEqual([
      { id: foreign.id, ok: false, code: "NOT_FOUND", message: "No such request." },
      { id: "nope", ok: false, code: "NOT_FOUND", message: "No such request." },
    ]);
    expect(await states([foreign.id])).toEqual(foreignBefore);
    expect(
      await db.auditEvent.count({
        where: { targetId: { in: requests.map((r) => r.id) }, action: "access_request.approved", actorId: reviewer.id },
      }),
    ).toBe(3);
    for (const a of applicants)
      expect((await mailJobsTo(a.user.email!)).map((j) => j.kind)).toEqual(["request-decided"]);
  });

  it("is idempotent: the same bulk decision again changes nothing and says so; the opposite decision fails per item", async () => {
    const { reviewer, requests } = await world(2);
    const ids = requests.map((r) => r.id);
    await decideAccessRequests(reviewer, { ids, decision: "APPROVE" });
    const [before, audits] = [await states(ids), await auditCount(ids)];
    const again = await decideAccessRequests(reviewer, { ids, decision: "APPROVE" });
    expect(again.summary).toEqual({ decided: 0, unchanged: 2, failed: 0 });
    expect(again.results[0]).toMatchObject({
      ok: true,
      changed: false,
      message: "This request is already approved (decided by Rita Reviewer).",
    });
    const opposite = await decideAccessRequests(reviewer, {
      ids,
      decision: "REJECT",
      reasonCode: "OTHER",
      reasonText: "Changed my mind.",
    });
    expect(opposite.results.map((r) => (r.ok ? "ok" : r.code))).toEqual(["ALREADY_DECIDED", "ALREADY_DECIDED"]);
    expect(await states(ids)).toEqual(before);
    expect(await auditCount(ids)).toBe(audits);
  });

  it("refuses a bad selection as a whole, with the field named, and changes nothing", async () => {
    const { reviewer, requests } = await world(1);
    const ids = requests.map((r) => r.id);
    const before = await states(ids);
    await expect(decideAccessRequests(reviewer, { ids: [], decision: "APPROVE" })).rejects.toMatchObject({
      name: "ZodError",
    });
    await expectAppError(
      decideAccessRequests(reviewer, { ids, decision: "APPROVE", expiresAt: daysFromNow(-1) }),
      "VALIDATION_FAILED",
      { fields: { expiresAt: ["must be in the future"] } },
    );
    await expect(
      decideAccessRequests(reviewer, { ids, decision: "REJECT", reasonCode: "OTHER" }),
    ).rejects.toMatchObject({ name: "ZodError" });
    await expectAppError(decideAccessRequests(null, { ids, decision: "APPROVE" }), "SIGN_IN_REQUIRED");
    expect(await states(ids)).toEqual(before);
  });

  it("a READ-scope token of an admin sees nothing to decide", async () => {
    const { requests } = await world(1);
    const { user: admin } = await createResearcher({ role: "ADMIN" });
    const out = await decideAccessRequests(
      { ...callerOf(admin), scope: "READ" },
      { ids: [requests[0]!.id], decision: "APPROVE" },
    );
    expect(out.results).toEqual([{ id: requests[0]!.id, ok: false, code: "NOT_FOUND", message: "No such request." }]);
    expect((await states([requests[0]!.id]))[0]?.status).toBe("PENDING");
  });
});

describe("extendGrant", () => {
  it("extends an active grant, re-arms the reminder, audits and mails the user", async () => {
    const { reviewer, model } = await world(0);
    const { user } = await createResearcher();
    emails.push(user.email!);
    const grant = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(3),
    });
    await db.accessRequest.update({ where: { id: grant.id }, data: { reminderSentAt: new Date() } });
    const to = daysFromNow(90);
    const out = await extendGrant(reviewer, grant, { expiresAt: to.toISOString() });
    expect(out).toMatchObject({ status: "APPROVED", renewed: false });
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: grant.id } });
    expect(row.expiresAt?.getTime()).toBe(to.getTime());
    expect(row.reminderSentAt).toBeNull();
    expect(
      await db.auditEvent.count({
        where: { targetId: grant.id, action: "access_request.extended", actorId: reviewer.id },
      }),
    ).toBe(1);
    expect((await mailJobsTo(user.email!)).map((j) => j.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Your access to ${model.slug} was extended until`)),
    ]);
  });

  it("renews an expired grant; refuses pending, rejected or revoked requests and past dates, changing nothing", async () => {
    const { reviewer, model, requests } = await world(1);
    const { user } = await createResearcher();
    const expired = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "EXPIRED",
      expiresAt: daysFromNow(-2),
    });
    const out = await extendGrant(reviewer, expired, { expiresAt: daysFromNow(10) });
    expect(out.renewed).toBe(true);
    expect(await db.auditEvent.count({ where: { targetId: expired.id, action: "access_request.renewed" } })).toBe(1);

    const pending = requests[0]!;
    const before = [await states([pending.id, expired.id]), await auditCount([pending.id, expired.id])];
    await expectAppError(extendGrant(reviewer, pending, { expiresAt: daysFromNow(10) }), "CONFLICT");
    await expectAppError(extendGrant(reviewer, expired, { expiresAt: daysFromNow(-1) }), "VALIDATION_FAILED");
    await expect(extendGrant(reviewer, expired, { expiresAt: "soon" })).rejects.toMatchObject({ name: "ZodError" });
    expect([await states([pending.id, expired.id]), await auditCount([pending.id, expired.id])]).toEqual(before);
  });

  it("will not renew an expired grant while the user has another open request for the model", async () => {
    const { reviewer, model } = await world(0);
    const { user } = await createResearcher();
    const old = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "EXPIRED",
      expiresAt: daysFromNow(-40),
    });
    await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    await expectAppError(extendGrant(reviewer, old, { expiresAt: daysFromNow(10) }), "CONFLICT", {
      userMessage: expect.stringContaining("another open request"),
    });
    expect((await states([old.id]))[0]?.status).toBe("EXPIRED");
    expect(await auditCount([old.id])).toBe(0);
  });

  it("is a 404 for another model's reviewer and for researchers", async () => {
    const { other, model } = await world(0);
    const { user } = await createResearcher();
    const grant = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(3),
    });
    const { user: outsider } = await createResearcher();
    await createModelReviewer(outsider.id, other.id);
    const before = await states([grant.id]);
    await expectAppError(extendGrant(callerOf(outsider), grant, { expiresAt: daysFromNow(10) }), "NOT_FOUND");
    await expectAppError(extendGrant(callerOf(user), grant, { expiresAt: daysFromNow(10) }), "NOT_FOUND");
    expect(await states([grant.id])).toEqual(before);
  });
});

describe("getReviewRequest", () => {
  it("shows profile marks, answers under their questions, the license accepted, earlier requests, the rule outcome and the history", async () => {
    const { reviewer, model, other } = await world(0);
    const { user } = await createResearcher({ affiliation: "Inria" });
    await db.user.update({
      where: { id: user.id },
      data: { emailVerified: new Date(), orcid: "0000-0002-1825-0097", orcidVerifiedAt: new Date() },
    });
    const earlier = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REJECTED",
      createdAt: new Date(Date.now() - 20 * DAY_MS),
    });
    const hidden = await createRequest({ userId: user.id, modelId: other.id, status: "APPROVED" });
    const current = await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    await db.accessRequest.update({
      where: { id: current.id },
      data: {
        answers: { purpose: "Speech research" },
        licenseVersionId: model.licenseVersion.id,
        ruleOutcome: { decision: "MANUAL", rule: "manual_review", reason: "By hand.", checks: [] },
      },
    });
    await db.licenseAcceptance.create({
      data: {
        userId: user.id,
        licenseVersionId: model.licenseVersion.id,
        textSha256: model.licenseVersion.sha256,
        ip: "198.51.100.4",
      },
    });

    const view = await getReviewRequest(reviewer, current);
    expect(view.applicant).toMatchObject({
      email: { verification: "verified" },
      orcid: { verification: "verified" },
      affiliation: { value: "Inria", verification: "self-declared" },
    });
    expect(view.answers).toEqual([{ name: "purpose", label: "What for?", value: "Speech research" }]);
    expect(view.licenseVersion?.sha256).toBe(model.licenseVersion.sha256);
    expect(view.licenseAcceptance).toMatchObject({ ip: "198.51.100.4", textSha256: model.licenseVersion.sha256 });
    expect(view.previousRequests.map((r) => r.id)).toEqual([earlier.id]);
    expect(view.previousRequests.map((r) => r.id)).not.toContain(hidden.id);
    expect(view.ruleOutcome).toMatchObject({ rule: "manual_review" });
    await expectAppError(getReviewRequest(reviewer, hidden), "NOT_FOUND");
    await expectAppError(getReviewRequest(callerOf(user), current), "NOT_FOUND");
  });
});

describe("own requests", () => {
  it("nobody decides, extends or revokes their own request — not even an admin; it is not in their queue", async () => {
    const { model, reviewer } = await world(0);
    const { user: admin } = await createResearcher({ role: "ADMIN" });
    const own = await createRequest({ userId: reviewer.id, modelId: model.id, status: "PENDING" });
    const adminOwn = await createRequest({
      userId: admin.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(5),
    });
    const before = [await states([own.id, adminOwn.id]), await auditCount([own.id, adminOwn.id])];
    const forbidden = {
      code: "FORBIDDEN",
      status: 403,
      userMessage: "This is your own request: another reviewer or an admin decides on it.",
    };
    await expect(decideAccessRequests(reviewer, { ids: [own.id], decision: "APPROVE" })).resolves.toMatchObject({
      results: [{ ok: false, code: "FORBIDDEN" }],
    });
    await expect(extendGrant(callerOf(admin), adminOwn, { expiresAt: daysFromNow(3650) })).rejects.toMatchObject(
      forbidden,
    );
    expect([await states([own.id, adminOwn.id]), await auditCount([own.id, adminOwn.id])]).toEqual(before);
    const queue = await listReviewQueue(reviewer, { model: model.slug });
    expect(queue.requests.map((r) => r.id)).not.toContain(own.id);
    // Someone else may: the admin decides the reviewer's request.
    await expect(decideAccessRequests(callerOf(admin), { ids: [own.id], decision: "APPROVE" })).resolves.toMatchObject({
      summary: { decided: 1 },
    });
  });
});
