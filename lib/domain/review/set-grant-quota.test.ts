import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toAppError } from "@/lib/http/handle-api-error";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  daysFromNow,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { setGrantQuota } from "./set-grant-quota";

const { modelIds } = trackTestRows();

const world = async () => {
  const model = await createGatedModel({ gating: "MANUAL" });
  const other = await createGatedModel({ gating: "MANUAL" });
  modelIds.push(model.id, other.id);
  const { user: reviewerUser } = await createResearcher();
  await createModelReviewer(reviewerUser.id, model.id);
  const { user: otherReviewer } = await createResearcher();
  await createModelReviewer(otherReviewer.id, other.id);
  const { user: applicant } = await createResearcher();
  const grant = await createRequest({
    userId: applicant.id,
    modelId: model.id,
    status: "APPROVED",
    expiresAt: daysFromNow(30),
  });
  const ownGrant = await createRequest({
    userId: reviewerUser.id,
    modelId: model.id,
    status: "APPROVED",
    expiresAt: daysFromNow(30),
  });
  return {
    model,
    reviewer: callerOf(reviewerUser),
    otherReviewer: callerOf(otherReviewer),
    applicant: callerOf(applicant),
    grant,
    ownGrant,
  };
};
const stateOf = async (id: string) => ({
  row: await db.accessRequest.findUniqueOrThrow({
    where: { id },
    select: { downloadQuotaFiles: true, downloadQuotaBytes: true, updatedAt: true },
  }),
  audit: await db.auditEvent.count({ where: { targetId: id } }),
});
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).not.toBeNull();
  // Bad input surfaces as a ZodError; the route maps it as toAppError does.
  return toAppError(e);
};

describe("setGrantQuota", () => {
  it("lets the model's reviewer set and clear a grant's quota, audited with before and after", async () => {
    const w = await world();
    expect(await setGrantQuota(w.reviewer, { id: w.grant.id }, { files: 10, bytes: 5 * 1024 ** 3 })).toEqual({
      id: w.grant.id,
      quota: { files: 10, bytes: 5 * 1024 ** 3 },
    });
    expect((await stateOf(w.grant.id)).row).toMatchObject({
      downloadQuotaFiles: 10,
      downloadQuotaBytes: 5n * 1024n ** 3n,
    });
    await setGrantQuota(w.reviewer, { id: w.grant.id }, { files: null });
    expect((await stateOf(w.grant.id)).row).toMatchObject({ downloadQuotaFiles: null, downloadQuotaBytes: null });
    const audit = await db.auditEvent.findMany({
      where: { targetId: w.grant.id, action: "access_request.quota_set" },
      orderBy: { seq: "asc" },
      select: { actorId: true, data: true },
    });
    expect(audit).toEqual([
      { actorId: w.reviewer.id, data: { from: { files: null, bytes: null }, to: { files: 10, bytes: 5 * 1024 ** 3 } } },
      { actorId: w.reviewer.id, data: { from: { files: 10, bytes: 5 * 1024 ** 3 }, to: { files: null, bytes: null } } },
    ]);
  });

  it.each([
    ["another model's reviewer", "otherReviewer", { files: 3 }, "NOT_FOUND", 404],
    ["a researcher who reviews nothing", "applicant", { files: 3 }, "NOT_FOUND", 404],
    ["anonymous", null, { files: 3 }, "SIGN_IN_REQUIRED", 401],
    ["a zero quota", "reviewer", { files: 0 }, "VALIDATION_FAILED", 422],
    ["an unknown field", "reviewer", { files: 3, downloads: 3 }, "VALIDATION_FAILED", 422],
  ] as const)("refuses %s and changes nothing", async (_, who, body, code, status) => {
    const w = await world();
    const before = await stateOf(w.grant.id);
    const e = await refusal(setGrantQuota(who ? w[who] : null, { id: w.grant.id }, body as never));
    expect([e.code, e.status]).toEqual([code, status]);
    expect(await stateOf(w.grant.id)).toEqual(before);
  });

  it("refuses a reviewer's own grant (403): someone else sets it", async () => {
    const w = await world();
    const before = await stateOf(w.ownGrant.id);
    const e = await refusal(setGrantQuota(w.reviewer, { id: w.ownGrant.id }, { files: 3 }));
    expect([e.code, e.status]).toEqual(["FORBIDDEN", 403]);
    expect(await stateOf(w.ownGrant.id)).toEqual(before);
  });

  it("refuses a rejected request (409) and changes nothing", async () => {
    const w = await world();
    await db.accessRequest.update({ where: { id: w.grant.id }, data: { status: "REJECTED" } });
    const before = await stateOf(w.grant.id);
    const e = await refusal(setGrantQuota(w.reviewer, { id: w.grant.id }, { files: 3 }));
    expect([e.code, e.userMessage]).toEqual([
      "CONFLICT",
      "Only a pending request or an active grant takes a quota; this request is rejected.",
    ]);
    expect(await stateOf(w.grant.id)).toEqual(before);
  });
});
