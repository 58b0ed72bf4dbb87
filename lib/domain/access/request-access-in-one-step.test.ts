import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import {
  createGatedModel,
  createRequest,
  createResearcher,
  daysFromNow,
  gateSnapshot,
  type GatedModelInput,
  uid,
} from "@/lib/testing/factories";
import { requestAccessInOneStep } from "./request-access-in-one-step";

const meta = { ip: "203.0.113.9", userAgent: "vitest" };
const { modelIds, emails } = trackTestRows();
const form = [{ name: "purpose", type: "text", label: "Purpose", required: true }];

const setup = async (model: GatedModelInput = {}, profile: Parameters<typeof createResearcher>[0] = {}) => {
  const m = await createGatedModel({ org: `one${uid()}`, gating: "MANUAL", formDefinition: form, ...model });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher(profile);
  emails.push(user.email!);
  const profileOf = () =>
    db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { name: true, affiliation: true, position: true, country: true },
    });
  return {
    model: m,
    user,
    caller,
    ref: { org: m.org, name: m.name },
    lv: m.licenseVersion.id,
    profileOf,
    snap: async () => ({
      gate: await gateSnapshot({ userId: user.id, modelId: m.id, email: user.email }),
      profile: await profileOf(),
    }),
  };
};
const auditActions = (userId: string) =>
  db.auditEvent
    .findMany({ where: { actorId: userId }, orderBy: { seq: "asc" }, select: { action: true } })
    .then((rows) => rows.map((r) => r.action));

/** Expects a refusal and that nothing (request, acceptance, audit, mail job, profile) changed. */
const refused = async (snap: () => Promise<unknown>, call: () => Promise<unknown>) => {
  const before = await snap();
  const error = await call().then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e,
  );
  expect(await snap()).toEqual(before);
  return error as AppError;
};

describe("requestAccessInOneStep", () => {
  it("MANUAL: fills the missing profile fields, answers and accepts in one go → pending, all audited", async () => {
    const s = await setup({}, { position: null, country: null });
    const result = await requestAccessInOneStep(
      s.caller,
      s.ref,
      {
        profile: { position: "PhD student", country: "fr" },
        answers: { purpose: "Benchmarks" },
        licenseVersionId: s.lv,
      },
      meta,
    );
    expect(result).toMatchObject({ code: "REQUEST_PENDING", granted: false, request: { status: "PENDING" } });
    expect(await s.profileOf()).toMatchObject({ position: "PhD student", country: "FR" });
    expect(await db.licenseAcceptance.count({ where: { userId: s.user.id, licenseVersionId: s.lv } })).toBe(1);
    expect(await auditActions(s.user.id)).toEqual([
      "user.profile_updated",
      "license.accepted",
      "access_request.submitted",
    ]);
  });

  it("AUTO: granted at once, and the page can say so", async () => {
    const s = await setup({ gating: "AUTO", formDefinition: [] });
    const result = await requestAccessInOneStep(s.caller, s.ref, { licenseVersionId: s.lv }, meta);
    expect(result).toMatchObject({ code: "GRANTED", granted: true, request: { status: "APPROVED" } });
  });

  it("OPEN: only the license acceptance is recorded; no request, no profile needed", async () => {
    const s = await setup({ gating: "OPEN", formDefinition: [] }, { complete: false });
    const result = await requestAccessInOneStep(s.caller, s.ref, { licenseVersionId: s.lv }, meta);
    expect(result).toMatchObject({ code: "GRANTED", request: null });
    expect(await db.accessRequest.count({ where: { userId: s.user.id } })).toBe(0);
    expect(await auditActions(s.user.id)).toEqual(["license.accepted"]);
  });

  it("AUTO rules that reject: the request is recorded REJECTED and the reason comes back", async () => {
    const s = await setup({
      gating: "AUTO",
      formDefinition: [],
      rules: { emailDomains: { allow: ["*.edu"], otherwise: "REJECT" } },
    });
    const result = await requestAccessInOneStep(s.caller, s.ref, { licenseVersionId: s.lv }, meta);
    expect(result.code).toBe("REQUEST_REJECTED");
    expect(result.message).toMatch(/^Your request was rejected\./);
  });
});

describe("requestAccessInOneStep refusals write nothing, the profile included", () => {
  it("names each missing profile field in a sentence", async () => {
    const s = await setup({}, { affiliation: null, position: null });
    const e = await refused(s.snap, () =>
      requestAccessInOneStep(
        s.caller,
        s.ref,
        { profile: { affiliation: "Uni" }, answers: { purpose: "x" }, licenseVersionId: s.lv },
        meta,
      ),
    );
    expect(e).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(e.fields).toEqual({ "profile.position": ["Enter your position, e.g. PhD student."] });
  });

  it("does not change a profile field that is already set", async () => {
    const s = await setup();
    const e = await refused(s.snap, () =>
      requestAccessInOneStep(
        s.caller,
        s.ref,
        { profile: { name: "Someone Else" }, answers: { purpose: "x" }, licenseVersionId: s.lv },
        meta,
      ),
    );
    expect(e).toMatchObject({ code: "VALIDATION_FAILED", fields: { "profile.name": [expect.any(String)] } });
  });

  it("refuses a missing answer with the field named, and keeps the missing profile fields unsaved", async () => {
    const s = await setup({}, { position: null });
    const e = await refused(s.snap, () =>
      requestAccessInOneStep(s.caller, s.ref, { profile: { position: "Engineer" }, licenseVersionId: s.lv }, meta),
    );
    expect(e).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(Object.keys(e.fields!)).toEqual(["answers.purpose"]);
  });

  it("a country the model blocks, given in the same form: GEO_BLOCKED, and the country is not saved", async () => {
    const s = await setup({ rules: { blockedCountries: ["KP"] } }, { country: null });
    const e = await refused(s.snap, () =>
      requestAccessInOneStep(
        s.caller,
        s.ref,
        { profile: { country: "KP" }, answers: { purpose: "x" }, licenseVersionId: s.lv },
        meta,
      ),
    );
    expect(e).toMatchObject({ code: "GEO_BLOCKED", status: 403 });
  });

  it("during a rejection's cool-down: REQUEST_REJECTED with the date it opens", async () => {
    const s = await setup();
    await createRequest({ userId: s.user.id, modelId: s.model.id, status: "REJECTED", decidedAt: daysFromNow(-1) });
    const e = await refused(s.snap, () =>
      requestAccessInOneStep(s.caller, s.ref, { answers: { purpose: "x" }, licenseVersionId: s.lv }, meta),
    );
    expect(e).toMatchObject({ code: "REQUEST_REJECTED", status: 403 });
    expect(e.userMessage).toMatch(/You can apply again from \d{1,2} \w{3} \d{4}\./);
  });

  it("a license version that is not the current one, an unknown key, and an anonymous caller", async () => {
    const s = await setup();
    const stale = await refused(s.snap, () =>
      requestAccessInOneStep(s.caller, s.ref, { answers: { purpose: "x" }, licenseVersionId: "old" }, meta),
    );
    expect(stale).toMatchObject({ code: "VALIDATION_FAILED", fields: { licenseVersionId: [expect.any(String)] } });
    const extra = await refused(s.snap, () =>
      requestAccessInOneStep(s.caller, s.ref, { licenseVersionId: s.lv, admin: true } as never, meta),
    );
    expect(extra.name).toBe("ZodError");
    const anon = await refused(s.snap, () => requestAccessInOneStep(null, s.ref, { licenseVersionId: s.lv }, meta));
    expect(anon).toMatchObject({ code: "SIGN_IN_REQUIRED", status: 401 });
  });
});
