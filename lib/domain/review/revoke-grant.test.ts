import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import {
  callerOf,
  createAcceptance,
  createGatedModel,
  createRequest,
  createResearcher,
  mailJobsTo,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { revokeGrant } from "./revoke-grant";
import { revokeGrantTx } from "./revoke-grant-tx";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();

const setup = async (status: "APPROVED" | "PENDING" | "EXPIRED" = "APPROVED") => {
  const model = await createGatedModel({ org: `revoke${uid()}` });
  modelIds.push(model.id);
  const { user, caller } = await createResearcher();
  emails.push(user.email!);
  const request = await createRequest({ userId: user.id, modelId: model.id, status });
  const row = () =>
    db.accessRequest.findUniqueOrThrow({
      where: { id: request.id },
      select: { status: true, updatedAt: true, reasonText: true, revokedAt: true },
    });
  return { model, user, caller, request, row };
};
const revoke = (requestId: string, reasonText = "Shared the weights.") =>
  db.$transaction((tx) => revokeGrantTx(tx, { requestId, actorId: null, reasonText, via: "ops" }));
const auditOf = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" } });

describe("revokeGrantTx", () => {
  it("revokes an active grant with the reason and an audit row marked with `via`; the gate says GRANT_REVOKED", async () => {
    const { model, user, caller, request, row } = await setup();
    await createAcceptance(user.id, model.licenseVersion);
    expect(await revoke(request.id)).toEqual({ id: request.id, status: "REVOKED" });
    expect(await row()).toMatchObject({
      status: "REVOKED",
      reasonText: "Shared the weights.",
      revokedAt: expect.any(Date),
    });
    const audit = await auditOf(request.id);
    expect(audit.map((a) => [a.action, a.actorId, a.modelId, a.data])).toEqual([
      ["access_request.revoked", null, model.id, { reason: "Shared the weights.", via: "ops" }],
    ]);
    expect((await getAccessState(caller, model)).code).toBe("GRANT_REVOKED");
    expect((await mailJobsTo(user.email!)).map((j) => [j.kind, j.subject])).toEqual([
      ["grant-revoked", `Your access to ${model.slug} was revoked`],
    ]);
  });

  it("two revocations at once: one succeeds, the other is a CONFLICT; one audit row", async () => {
    const { request } = await setup();
    const results = await Promise.allSettled([revoke(request.id), revoke(request.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      userMessage: expect.stringContaining("this request is revoked"),
    });
    expect(await auditOf(request.id)).toHaveLength(1);
  });

  it("refuses what is not an active grant (CONFLICT naming its status), unknown ids and short reasons; nothing changes", async () => {
    for (const status of ["PENDING", "EXPIRED"] as const) {
      const { request, row } = await setup(status);
      const before = await row();
      await expectAppError(revoke(request.id), "CONFLICT", {
        userMessage: expect.stringContaining(`this request is ${status.toLowerCase()}`),
      });
      expect(await row()).toEqual(before);
      expect(await auditOf(request.id)).toEqual([]);
    }
    await expectAppError(revoke(`missing${uid()}`), "NOT_FOUND");
    const { request, row } = await setup();
    const before = await row();
    await expect(revoke(request.id, "x")).rejects.toMatchObject({ name: "ZodError" });
    expect(await row()).toEqual(before);
    expect(await auditOf(request.id)).toEqual([]);
  });

  it("revokeGrant (a reviewer) records the reviewer as actor and no `via`", async () => {
    const { model, request } = await setup();
    const { user: reviewer } = await createResearcher();
    await createModelReviewer(reviewer.id, model.id);
    await revokeGrant(callerOf(reviewer), request, { reasonText: "Terms breached." });
    const audit = await auditOf(request.id);
    expect(audit.map((a) => [a.actorId, a.data])).toEqual([[reviewer.id, { reason: "Terms breached." }]]);
  });
});
