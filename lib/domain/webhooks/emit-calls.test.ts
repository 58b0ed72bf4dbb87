// The domain changes that emit webhook events do so in their own transaction, with the data receivers get.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expireGrants } from "@/lib/domain/access/expire-grants";
import { submitAccessRequest } from "@/lib/domain/access/submit-access-request";
import { withdrawAccessRequest } from "@/lib/domain/access/withdraw-access-request";
import { decideAccessRequest } from "@/lib/domain/review/decide-access-request";
import { extendGrant } from "@/lib/domain/review/extend-grant";
import { revokeGrantTx } from "@/lib/domain/review/revoke-grant-tx";
import {
  callerOf,
  createGatedModel,
  createRequest,
  createResearcher,
  createUser,
  daysFromNow,
  uid,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { WEBHOOK_EVENTS } from "@/lib/schemas/webhooks";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();
const meta = { ip: "203.0.113.7", userAgent: "vitest/1.0" };

// A webhook of the test's own model, so events of test files running alongside never reach it.
const setup = async (gating: "MANUAL" | "AUTO" = "MANUAL") => {
  const model = await createGatedModel({ org: `hooks${uid()}`, gating, grantDurationDays: 30 });
  modelIds.push(model.id);
  const hook = await db.webhook.create({
    data: { url: "https://receiver.example.test/", secret: "unused", events: [...WEBHOOK_EVENTS], modelId: model.id },
  });
  const { user, caller } = await createResearcher();
  emails.push(user.email as string);
  const events = async () =>
    (await db.webhookDelivery.findMany({ where: { webhookId: hook.id }, orderBy: { createdAt: "asc" } })).map((d) => ({
      type: d.event,
      data: (d.payload as { data: Record<string, unknown> }).data,
    }));
  return { model, user, caller, events };
};

const admin = async () => callerOf(await createUser({ role: "ADMIN" }));

describe("webhook events from domain changes", () => {
  it("submit on a MANUAL model → license.accepted and access_request.created; a reviewer's approval → approved; revocation → revoked", async () => {
    const { model, user, caller, events } = await setup();
    const { request } = await submitAccessRequest(
      caller,
      { org: model.org, name: model.name },
      { answers: {}, licenseVersionId: model.licenseVersion.id },
      meta,
    );
    await decideAccessRequest(await admin(), { id: request.id }, { decision: "APPROVE" });
    await db.$transaction((tx) =>
      revokeGrantTx(tx, { requestId: request.id, actorId: null, reasonText: "Shared the weights." }),
    );

    const got = await events();
    expect(got.map((e) => e.type)).toEqual([
      "license.accepted",
      "access_request.created",
      "access_request.approved",
      "access_request.revoked",
    ]);
    expect(got[0]?.data).toMatchObject({
      userId: user.id,
      modelId: model.id,
      licenseVersionId: model.licenseVersion.id,
      sha256: model.licenseVersion.sha256,
    });
    expect(got[1]?.data).toEqual({
      requestId: request.id,
      model: model.slug,
      userId: user.id,
      email: user.email,
      status: "PENDING",
      reasonCode: null,
      expiresAt: null,
    });
    expect(got[2]?.data).toMatchObject({
      requestId: request.id,
      status: "APPROVED",
      reasonCode: "APPROVED_BY_REVIEWER",
      by: "reviewer",
      expiresAt: expect.any(String),
    });
    // The free-text reason stays out of the payload; the reason code goes in.
    expect(got[3]?.data).toEqual({
      requestId: request.id,
      model: model.slug,
      email: user.email,
      status: "REVOKED",
      reasonCode: "REVOKED",
    });
  });

  it("a rejection and a withdrawal", async () => {
    const { model, user, caller, events } = await setup();
    const rejected = await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    await decideAccessRequest(
      await admin(),
      { id: rejected.id },
      { decision: "REJECT", reasonCode: "NOT_ELIGIBLE", reasonText: "Private reason text" },
    );
    const pending = await createRequest({ userId: user.id, modelId: model.id, status: "PENDING" });
    await withdrawAccessRequest(caller, { id: pending.id });
    const got = await events();
    expect(got.map((e) => [e.type, e.data.requestId, e.data.status])).toEqual([
      ["access_request.rejected", rejected.id, "REJECTED"],
      ["access_request.withdrawn", pending.id, "WITHDRAWN"],
    ]);
    expect(JSON.stringify(got)).not.toContain("Private reason text");
  });

  it("an AUTO model approving at submit emits created and approved together", async () => {
    const { model, caller, events } = await setup("AUTO");
    await submitAccessRequest(
      caller,
      { org: model.org, name: model.name },
      { answers: {}, licenseVersionId: model.licenseVersion.id },
      meta,
    );
    expect((await events()).map((e) => [e.type, e.data.status, e.data.by])).toEqual([
      ["license.accepted", undefined, undefined],
      ["access_request.created", "APPROVED", undefined],
      ["access_request.approved", "APPROVED", "rules"],
    ]);
  });

  it("the expiry sweep emits access_request.expired", async () => {
    const { model, user, events } = await setup();
    const grant = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(-1),
    });
    await expireGrants();
    expect((await events()).map((e) => [e.type, e.data.requestId, e.data.status])).toEqual([
      ["access_request.expired", grant.id, "EXPIRED"],
    ]);
  });

  it("extending a grant, or renewing an expired one, emits access_request.approved with the new end date", async () => {
    const { model, user, events } = await setup();
    const live = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(3),
    });
    const reviewer = await admin();
    const later = daysFromNow(60);
    await extendGrant(reviewer, { id: live.id }, { expiresAt: later.toISOString() });
    await db.accessRequest.update({ where: { id: live.id }, data: { status: "EXPIRED", expiresAt: daysFromNow(-1) } });
    const again = daysFromNow(90);
    await extendGrant(reviewer, { id: live.id }, { expiresAt: again.toISOString() });
    expect((await events()).map((e) => [e.type, e.data.requestId, e.data.status, e.data.by, e.data.expiresAt])).toEqual(
      [
        ["access_request.approved", live.id, "APPROVED", "extension", later.toISOString()],
        ["access_request.approved", live.id, "APPROVED", "renewal", again.toISOString()],
      ],
    );
  });

  it("a refused change emits nothing (the event is part of its transaction)", async () => {
    const { model, user, events } = await setup();
    const done = await createRequest({ userId: user.id, modelId: model.id, status: "REJECTED" });
    await expectAppError(
      decideAccessRequest(await admin(), { id: done.id }, { decision: "APPROVE" }),
      "ALREADY_DECIDED",
    );
    await expectAppError(
      db.$transaction((tx) =>
        revokeGrantTx(tx, { requestId: done.id, actorId: null, reasonText: "Shared the weights." }),
      ),
      "CONFLICT",
    );
    expect(await events()).toEqual([]);
  });
});
