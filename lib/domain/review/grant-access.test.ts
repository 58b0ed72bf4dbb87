import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import {
  callerOf,
  createAcceptance,
  createGatedModel,
  createRequest,
  createResearcher,
  DAY_MS,
  daysFromNow,
  gateSnapshot,
  mailJobsTo,
  uid,
  type GatedModelInput,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { grantAccess } from "./grant-access";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();

const setup = async (model: GatedModelInput = {}) => {
  const m = await createGatedModel({ org: `grant${uid()}`, gating: "MANUAL", grantDurationDays: 30, ...model });
  modelIds.push(m.id);
  const { user } = await createResearcher();
  emails.push(user.email!);
  return { model: m, user, snap: () => gateSnapshot({ userId: user.id, modelId: m.id, email: user.email }) };
};
const grant = (email: string, slug: string, days?: number) =>
  db.$transaction((tx) => grantAccess(tx, { email, slug, days, actorId: null, via: "ops" }));
const auditOf = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" } });
const near = (d: Date | null | undefined, expected: number) =>
  expect(Math.abs((d as Date).getTime() - expected)).toBeLessThan(60_000);
const openRows = (userId: string, modelId: string) =>
  db.accessRequest.findMany({ where: { userId, modelId, status: { in: ["PENDING", "APPROVED"] } } });

describe("grantAccess", () => {
  it("a new address: creates the user and an APPROVED request (model's duration), audited and mailed; the license is still to accept", async () => {
    const { model } = await setup();
    const email = `new-${uid()}@example.test`;
    emails.push(email);
    const result = await grant(email.toUpperCase(), model.slug.toUpperCase());
    expect(result).toMatchObject({
      outcome: "created",
      user: { email, created: true },
      license: { accepted: false, version: "1.0" },
    });
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: result.request.id } });
    expect(row).toMatchObject({
      status: "APPROVED",
      answers: {},
      formVersion: model.formVersion,
      licenseVersionId: null,
      reasonCode: "GRANTED_BY_OPERATOR",
      decidedById: null,
    });
    near(row.decidedAt, Date.now());
    near(row.expiresAt, Date.now() + 30 * DAY_MS);
    const audit = await auditOf(row.id);
    expect(audit.map((a) => [a.action, a.actorId, a.data])).toEqual([
      [
        "access_request.approved",
        null,
        { via: "ops", by: "operator", reasonCode: "GRANTED_BY_OPERATOR", expiresAt: row.expiresAt!.toISOString() },
      ],
    ]);
    expect(
      await db.auditEvent.count({
        where: { action: "user.created", targetId: result.user.id, data: { equals: { email, via: "ops" } } },
      }),
    ).toBe(1);
    const jobs = await mailJobsTo(email);
    expect(jobs.map((j) => [j.kind, j.subject])).toEqual([["request-decided", `Access approved: ${model.slug}`]]);

    const user = await db.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect((await getAccessState(callerOf(user), model)).code).toBe("LICENSE_NOT_ACCEPTED");
    await createAcceptance(user.id, model.licenseVersion);
    expect((await getAccessState(callerOf(user), model)).code).toBe("GRANTED");
  });

  it("--days sets the expiry; a model without a grant duration and no days gives a grant without expiry", async () => {
    const a = await setup();
    near((await grant(a.user.email!, a.model.slug, 3)).request.expiresAt, Date.now() + 3 * DAY_MS);
    const b = await setup({ grantDurationDays: null });
    const result = await grant(b.user.email!, b.model.slug);
    expect(result.request.expiresAt).toBeNull();
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: result.request.id } })).expiresAt).toBeNull();
    expect(result.user.created).toBe(false);
  });

  it("a pending request is approved in place (one open request, one decision)", async () => {
    const { model, user } = await setup();
    const pending = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "PENDING",
      licenseVersionId: model.licenseVersion.id,
    });
    const result = await grant(user.email!, model.slug, 10);
    expect(result).toMatchObject({ outcome: "approved", request: { id: pending.id } });
    expect(await db.accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "APPROVED",
      reasonCode: "GRANTED_BY_OPERATOR",
      licenseVersionId: model.licenseVersion.id,
    });
    expect(await openRows(user.id, model.id)).toHaveLength(1);
    expect((await auditOf(pending.id)).map((a) => a.action)).toEqual(["access_request.approved"]);
  });

  it("an active grant is extended to a later date (reminder re-armed), never shortened", async () => {
    const { model, user, snap } = await setup();
    const active = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(5),
    });
    await db.accessRequest.update({ where: { id: active.id }, data: { reminderSentAt: new Date() } });
    const extended = await grant(user.email!, model.slug, 60);
    expect(extended).toMatchObject({ outcome: "extended", request: { id: active.id } });
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: active.id } });
    near(row.expiresAt, Date.now() + 60 * DAY_MS);
    expect(row.reminderSentAt).toBeNull();
    const audit = await auditOf(active.id);
    expect(audit.map((a) => a.action)).toEqual(["access_request.extended"]);
    expect(audit[0]!.data).toEqual({
      via: "ops",
      by: "operator",
      from: active.expiresAt!.toISOString(),
      to: row.expiresAt!.toISOString(),
    });
    expect((await mailJobsTo(user.email!)).map((j) => j.kind)).toEqual(["grant-extended"]);

    const before = await snap();
    expect(await grant(user.email!, model.slug, 7)).toMatchObject({ outcome: "unchanged", request: { id: active.id } });
    expect(await snap()).toEqual(before);
  });

  it("a grant past its date is marked EXPIRED first, then a new one is created; a revoked one stays revoked", async () => {
    const { model, user } = await setup();
    const lapsed = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      expiresAt: daysFromNow(-1),
    });
    const revoked = await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REVOKED",
      revokedAt: new Date(Date.now() - DAY_MS),
    });
    const result = await grant(user.email!, model.slug);
    expect(result.outcome).toBe("created");
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: lapsed.id } })).status).toBe("EXPIRED");
    expect((await auditOf(lapsed.id)).map((a) => [a.action, a.actorId])).toEqual([["access_request.expired", null]]);
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: revoked.id } })).status).toBe("REVOKED");
    expect(await openRows(user.id, model.id)).toHaveLength(1);
  });

  it("two grants at once leave one open request and one approval", async () => {
    const { model, user } = await setup();
    const results = await Promise.allSettled([grant(user.email!, model.slug), grant(user.email!, model.slug)]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    const open = await openRows(user.id, model.id);
    expect(open).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { modelId: model.id, action: "access_request.approved" } })).toBe(1);
  });

  it("an unknown model is NOT_FOUND and an OPEN model a CONFLICT: no user created, nothing changed", async () => {
    const { user, model, snap } = await setup({ gating: "OPEN" });
    const before = await snap();
    const stranger = `stranger-${uid()}@example.test`;
    await expectAppError(grant(stranger, `nope${uid()}/missing`), "NOT_FOUND", {
      userMessage: expect.stringMatching(/^No model nope/),
    });
    await expectAppError(grant(stranger, model.slug), "CONFLICT", { userMessage: expect.stringContaining("OPEN") });
    await expectAppError(grant(user.email!, model.slug), "CONFLICT");
    expect(await db.user.count({ where: { email: stranger } })).toBe(0);
    expect(await snap()).toEqual(before);
  });

  it("bad input is a validation error before anything is read", async () => {
    const { model } = await setup();
    await expect(grant("not-an-email", model.slug)).rejects.toMatchObject({ name: "ZodError" });
    await expect(grant(`x-${uid()}@example.test`, "no-slash")).rejects.toMatchObject({ name: "ZodError" });
    await expect(grant(`x-${uid()}@example.test`, model.slug, 0)).rejects.toMatchObject({ name: "ZodError" });
  });
});
