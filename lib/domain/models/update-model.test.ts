import { describe, expect, it } from "vitest";
import { ZodError, type z } from "zod";
import { db } from "@/lib/db";
import { acceptLicense } from "@/lib/domain/access/accept-license";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import {
  createAcceptance,
  createGatedModel,
  createLicenseVersion,
  createRequest,
  createResearcher,
  daysFromNow,
  mailJobsTo,
  sha256Hex,
  uid,
  createModelReviewer,
} from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import type { ZFormField } from "@/lib/schemas/access-form";
import type { TModelRulesInput } from "@/lib/schemas/rules";
import { updateModel } from "./update-model";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds, emails } = trackTestRows();
type TFormFieldInput = z.input<typeof ZFormField>;

const person = async (role?: "ADMIN") => {
  const r = await createResearcher({ role });
  emails.push(r.user.email!);
  return r;
};

/** Models A and B under one org, an admin, and a reviewer of A only. */
const world = async () => {
  const org = `um${uid()}`;
  const a = await createGatedModel({
    org,
    name: "a",
    gating: "MANUAL",
    formDefinition: [{ name: "purpose", type: "textarea", label: "What for?", required: true }],
  });
  const b = await createGatedModel({ org, name: "b" });
  modelIds.push(a.id, b.id);
  const admin = await person("ADMIN");
  const reviewer = await person();
  await createModelReviewer(reviewer.user.id, a.id);
  return { a, b, admin, reviewer, refA: { org, name: "a" }, refB: { org, name: "b" } };
};

/** Everything an update could write for a model: its row and the audit rows about it. */
const snapshot = async (modelId: string) => ({
  model: await db.model.findUniqueOrThrow({ where: { id: modelId } }),
  audit: (await db.auditEvent.findMany({ where: { modelId }, select: { seq: true } })).map((a) => a.seq.toString()),
});

describe("updateModel", () => {
  it("applies the settings that changed, records old and new values, and the card only by length and sha256", async () => {
    const w = await world();
    const card = "# A\n\nA card body that stays out of the audit log.";
    const result = await updateModel(w.admin.caller, w.refA, {
      title: "Model A",
      task: "text-generation",
      gating: "AUTO",
      grantDurationDays: 30,
      playgroundEnabled: true,
      cardMarkdown: card,
    });
    // The task was already text-generation: not a change.
    expect(result).toMatchObject({ model: { slug: w.a.slug }, formVersion: 1, notified: 0 });
    expect([...result.changed].sort()).toEqual([
      "cardMarkdown",
      "gating",
      "grantDurationDays",
      "playgroundEnabled",
      "title",
    ]);
    expect(await db.model.findUniqueOrThrow({ where: { id: w.a.id } })).toMatchObject({
      title: "Model A",
      gating: "AUTO",
      grantDurationDays: 30,
      playgroundEnabled: true,
      cardMarkdown: card,
      formVersion: 1,
    });

    const audit = await db.auditEvent.findMany({ where: { modelId: w.a.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "model.updated",
      actorId: w.admin.user.id,
      targetType: "Model",
      targetId: w.a.id,
    });
    expect(audit[0]?.data).toEqual({
      changed: result.changed,
      values: {
        title: { from: w.a.title, to: "Model A" },
        gating: { from: "MANUAL", to: "AUTO" },
        grantDurationDays: { from: null, to: 30 },
        playgroundEnabled: { from: false, to: true },
      },
      cardMarkdown: { length: card.length, sha256: sha256Hex(card) },
    });

    // The same values again: nothing to do, nothing written.
    const before = await snapshot(w.a.id);
    const again = await updateModel(w.admin.caller, w.refA, { title: "Model A", cardMarkdown: card, gating: "AUTO" });
    expect(again.changed).toEqual([]);
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("sets the default download quota of the model's grants, audited as numbers; a grant without its own quota takes it at once", async () => {
    const w = await world();
    const { user, caller } = await person();
    await createRequest({
      userId: user.id,
      modelId: w.a.id,
      status: "APPROVED",
      licenseVersionId: w.a.licenseVersion.id,
      expiresAt: daysFromNow(30),
    });
    await createAcceptance(user.id, w.a.licenseVersion);
    expect((await getAccessState(caller, w.refA)).quota).toBeNull();

    const result = await updateModel(w.admin.caller, w.refA, {
      downloadQuotaFiles: 10,
      downloadQuotaBytes: 5 * 1024 ** 3,
    });
    expect([...result.changed].sort()).toEqual(["downloadQuotaBytes", "downloadQuotaFiles"]);
    expect(await db.model.findUniqueOrThrow({ where: { id: w.a.id } })).toMatchObject({
      downloadQuotaFiles: 10,
      downloadQuotaBytes: 5n * 1024n ** 3n,
    });
    const audit = await db.auditEvent.findFirst({
      where: { modelId: w.a.id, action: "model.updated" },
      orderBy: { seq: "desc" },
    });
    expect((audit?.data as { values: unknown }).values).toEqual({
      downloadQuotaFiles: { from: null, to: 10 },
      downloadQuotaBytes: { from: null, to: 5 * 1024 ** 3 },
    });
    expect((await getAccessState(caller, w.refA)).quota).toEqual({
      files: { limit: 10, used: 0 },
      bytes: { limit: 5 * 1024 ** 3, used: 0 },
    });

    // The same values again are not a change; zero is refused.
    expect((await updateModel(w.admin.caller, w.refA, { downloadQuotaBytes: 5 * 1024 ** 3 })).changed).toEqual([]);
    await expect(updateModel(w.admin.caller, w.refA, { downloadQuotaFiles: 0 })).rejects.toBeInstanceOf(ZodError);
  });

  it("a changed access-form definition bumps formVersion once; requests keep the version they answered; the same definition again does not", async () => {
    const w = await world();
    const applicant = await person();
    const request = await createRequest({ userId: applicant.user.id, modelId: w.a.id });
    const form: [TFormFieldInput, TFormFieldInput] = [
      { name: "purpose", type: "textarea", label: "What for?", required: true },
      { name: "field", type: "select", label: "Field", options: ["ML", "Biology"] },
    ];
    const first = await updateModel(w.admin.caller, w.refA, { formDefinition: [...form] });
    expect(first).toMatchObject({ changed: ["formDefinition"], formVersion: 2 });
    const row = await db.model.findUniqueOrThrow({ where: { id: w.a.id } });
    expect(row).toMatchObject({ formVersion: 2, formDefinition: [form[0], { ...form[1], required: false }] });
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).formVersion).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { modelId: w.a.id, action: "model.updated" } });
    expect(audit.data).toMatchObject({
      changed: ["formDefinition"],
      formVersion: 2,
      formDefinition: [form[0], { ...form[1], required: false }],
    });

    // `required: false` spelled out or left to the default is the same definition.
    const same = await updateModel(w.admin.caller, w.refA, {
      formDefinition: [form[0], { ...form[1], required: false }],
    });
    expect(same).toMatchObject({ changed: [], formVersion: 2 });
    // Reordering is a change.
    expect(await updateModel(w.admin.caller, w.refA, { formDefinition: [form[1], form[0]] })).toMatchObject({
      changed: ["formDefinition"],
      formVersion: 3,
    });
  });

  it("saves valid rules; refuses invalid rules and form definitions with a ZodError, writing nothing", async () => {
    const w = await world();
    const rules: TModelRulesInput = {
      blockedCountries: ["KP"],
      orcid: { require: "VERIFIED", otherwise: "MANUAL" },
      emailDomains: { allow: ["*.edu", "example.org"], otherwise: "REJECT" },
      dailyAutoApprovalsPerDomain: 5,
    };
    expect((await updateModel(w.admin.caller, w.refA, { rules })).changed).toEqual(["rules"]);
    expect((await db.model.findUniqueOrThrow({ where: { id: w.a.id } })).rules).toEqual(rules);
    const before = await snapshot(w.a.id);
    for (const bad of [
      { rules: { ...rules, emailDomains: { allow: ["not a domain"] } } },
      { rules: { ...rules, typo: true } },
      { rules: { ...rules, dailyAutoApprovalsPerDomain: 0 } },
      { formDefinition: [{ name: "x", type: "select", label: "X" }] },
      {
        formDefinition: [
          { name: "x", type: "text", label: "X" },
          { name: "x", type: "text", label: "Y" },
        ],
      },
      { slug: "other/name" },
      {},
    ])
      await expect(updateModel(w.admin.caller, w.refA, bad as never), JSON.stringify(bad)).rejects.toBeInstanceOf(
        ZodError,
      );
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("moving to another license version: grantees must accept it (LICENSE_NOT_ACCEPTED) and are mailed; moving back mails only who has not accepted", async () => {
    const w = await world();
    const v1 = w.a.licenseVersion;
    const v2 = await createLicenseVersion({ version: "2.0" });
    const live = await person();
    await createRequest({ userId: live.user.id, modelId: w.a.id, status: "APPROVED", expiresAt: daysFromNow(30) });
    await createAcceptance(live.user.id, v1);
    const pending = await person();
    await createRequest({ userId: pending.user.id, modelId: w.a.id, status: "PENDING" });
    expect((await getAccessState(live.caller, w.refA)).code).toBe("GRANTED");

    const moved = await updateModel(w.admin.caller, w.refA, { currentLicenseVersionId: v2.id, title: "Renamed A" });
    expect(moved).toMatchObject({ changed: expect.arrayContaining(["currentLicenseVersionId", "title"]), notified: 1 });
    expect((await db.model.findUniqueOrThrow({ where: { id: w.a.id } })).currentLicenseVersionId).toBe(v2.id);
    const audit = await db.auditEvent.findMany({ where: { modelId: w.a.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["model.license_changed", "model.updated"]);
    expect(audit[0]?.data).toEqual({ licenseVersionId: v2.id, version: "2.0", previousLicenseVersionId: v1.id });
    expect(audit[1]?.data).toMatchObject({ changed: ["title"] });
    expect((await mailJobsTo(live.user.email!)).map((j) => [j.kind, j.subject])).toEqual([
      ["license-changed", `New license version for ${w.a.slug}: accept it to keep downloading`],
    ]);
    expect(await mailJobsTo(pending.user.email!)).toEqual([]);

    const state = await getAccessState(live.caller, w.refA);
    expect(state).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      license: { id: v2.id, version: "2.0" },
      action: `/models/${w.a.slug}/license`,
    });
    await acceptLicense(live.caller, w.refA, { licenseVersionId: v2.id }, { ip: null, userAgent: null });
    expect((await getAccessState(live.caller, w.refA)).code).toBe("GRANTED");

    // Back to 1.0, which `live` accepted before: nobody needs telling, but the gate follows the model.
    const back = await updateModel(w.admin.caller, w.refA, { currentLicenseVersionId: v1.id });
    expect(back).toMatchObject({ changed: ["currentLicenseVersionId"], notified: 0 });
    expect(await mailJobsTo(live.user.email!)).toHaveLength(1);
    expect((await getAccessState(live.caller, w.refA)).code).toBe("GRANTED");
  });

  it("refuses an unknown license version with VALIDATION_FAILED and writes nothing (not even the other fields)", async () => {
    const w = await world();
    const before = await snapshot(w.a.id);
    await expectAppError(
      updateModel(w.admin.caller, w.refA, { currentLicenseVersionId: `nope${uid()}`, title: "Not saved" }),
      "VALIDATION_FAILED",
      { fields: { currentLicenseVersionId: [expect.any(String)] } },
    );
    expect(await snapshot(w.a.id)).toEqual(before);
  });

  it("reviewers of the model get 403, a reviewer of another model and researchers 404, anonymous 401, READ tokens 403; nothing changes", async () => {
    const w = await world();
    const researcher = await person();
    const before = await snapshot(w.a.id);
    const beforeB = await snapshot(w.b.id);
    const cases = [
      [w.reviewer.caller, w.refA, "FORBIDDEN", 403],
      [w.reviewer.caller, w.refB, "NOT_FOUND", 404],
      [researcher.caller, w.refA, "NOT_FOUND", 404],
      [null, w.refA, "SIGN_IN_REQUIRED", 401],
      [{ ...w.admin.caller, scope: "READ" as const }, w.refA, "FORBIDDEN", 403],
      [w.admin.caller, { org: w.refA.org, name: "missing" }, "NOT_FOUND", 404],
    ] as const;
    for (const [caller, ref, code, status] of cases) {
      await expect(updateModel(caller, ref, { title: "Hijacked" })).rejects.toMatchObject({ code, status });
      await expect(updateModel(caller, ref, { nonsense: 1 } as never)).rejects.toMatchObject({ code, status });
    }
    expect(await snapshot(w.a.id)).toEqual(before);
    expect(await snapshot(w.b.id)).toEqual(beforeB);
  });
});
