import { describe, expect, it } from "vitest";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { anonymous } from "@/lib/testing/callers";
import {
  createGatedModel,
  createLicenseVersion,
  createRequest,
  createResearcher,
  gateSnapshot,
  type GatedModelInput,
  uid,
} from "@/lib/testing/factories";
import { submitAccessRequest } from "./submit-access-request";

// Every refusal here asserts the error AND that no request, acceptance, audit or mail-job row was written.
const form = [
  { name: "purpose", type: "textarea", label: "Purpose", required: true, maxLength: 300 },
  { name: "team_size", type: "select", label: "Team size", options: ["1", "2-5", "6+"], required: true },
  { name: "agree", type: "checkbox", label: "I agree", required: true },
  { name: "homepage", type: "url", label: "Homepage" },
  { name: "start", type: "date", label: "Start" },
];
const good = { purpose: "Evaluation", team_size: "1", agree: true };
const meta = { ip: null, userAgent: null };

const { modelIds, emails } = trackTestRows();

const setup = async (model: GatedModelInput = {}, profile: Parameters<typeof createResearcher>[0] = {}) => {
  const m = await createGatedModel({ org: `sarr${uid()}`, gating: "MANUAL", formDefinition: form, ...model });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher(profile);
  emails.push(user.email!);
  return {
    model: m,
    user,
    caller,
    ref: { org: m.org, name: m.name },
    lv: m.licenseVersion.id,
    snap: () => gateSnapshot({ userId: user.id, modelId: m.id, email: user.email }),
  };
};

/** Runs the call, expects it to fail, and checks that nothing was written; returns the error. */
const refused = async (snap: () => Promise<unknown>, call: () => Promise<unknown>) => {
  const before = await snap();
  const error = await call().then(
    () => expect.fail("expected a refusal"),
    (e: unknown) => e,
  );
  expect(await snap()).toEqual(before);
  return error as AppError;
};

describe("submitAccessRequest: answers checked against the model's form", () => {
  it.each([
    ["a missing required answer", { team_size: "1", agree: true }, ["answers.purpose"]],
    ["an unchecked required checkbox", { ...good, agree: false }, ["answers.agree"]],
    ["an oversize text (maxLength 300)", { ...good, purpose: "x".repeat(301) }, ["answers.purpose"]],
    ["an option that is not offered", { ...good, team_size: "100" }, ["answers.team_size"]],
    [
      "wrong types",
      { purpose: 42, team_size: ["1"], agree: "yes", homepage: 7, start: "31/12/2026" },
      ["answers.agree", "answers.homepage", "answers.purpose", "answers.start", "answers.team_size"],
    ],
    ["a URL that is not http(s)", { ...good, homepage: "javascript:alert(1)" }, ["answers.homepage"]],
    ["an unknown answer key", { ...good, password: "hunter2" }, ["answers.password"]],
  ])("refuses %s with VALIDATION_FAILED and per-field messages", async (_label, answers, keys) => {
    const { caller, ref, lv, snap } = await setup();
    const e = await refused(snap, () => submitAccessRequest(caller, ref, { answers, licenseVersionId: lv }, meta));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(Object.keys(e.fields!).sort()).toEqual(keys);
    for (const messages of Object.values(e.fields!)) expect(messages.every((m) => m.length > 0)).toBe(true);
  });

  it("reports each unknown answer under its own name", async () => {
    const { caller, ref, lv, snap } = await setup();
    const e = await refused(snap, () =>
      submitAccessRequest(caller, ref, { answers: { ...good, extra: 1 }, licenseVersionId: lv }, meta),
    );
    expect(e.fields).toEqual({ "answers.extra": ["Unknown question"] });
  });

  it("refuses a body of the wrong shape with a ZodError (answers not an object, extra top-level key)", async () => {
    const { caller, ref, lv, snap } = await setup();
    const bad = [
      { answers: "purpose=x", licenseVersionId: lv },
      { answers: good, licenseVersionId: lv, status: "APPROVED" },
      { answers: good },
    ];
    for (const body of bad)
      expect(await refused(snap, () => submitAccessRequest(caller, ref, body as never, meta))).toBeInstanceOf(ZodError);
  });
});

describe("submitAccessRequest: gate refusals", () => {
  it("refuses a stale licenseVersionId with VALIDATION_FAILED on licenseVersionId", async () => {
    const { caller, ref, model, snap } = await setup();
    const v0 = await createLicenseVersion();
    for (const licenseVersionId of [v0.id, "no-such-version"]) {
      const e = await refused(snap, () => submitAccessRequest(caller, ref, { answers: good, licenseVersionId }, meta));
      expect(e).toMatchObject({
        code: "VALIDATION_FAILED",
        fields: { licenseVersionId: [`must be the current version (${model.licenseVersion.id})`] },
      });
      expect(e.userMessage).toContain(model.licenseVersion.license.name);
    }
  });

  it("refuses an incomplete profile with PROFILE_INCOMPLETE and a link to the profile", async () => {
    const { caller, ref, lv, snap } = await setup({}, { affiliation: null });
    const e = await refused(snap, () =>
      submitAccessRequest(caller, ref, { answers: good, licenseVersionId: lv }, meta),
    );
    expect(e).toMatchObject({
      code: "PROFILE_INCOMPLETE",
      status: 403,
      action: expect.stringMatching(/^\/account\/profile\?next=/),
    });
  });

  it("refuses an OPEN model with CONFLICT pointing at the license page", async () => {
    const { caller, ref, lv, model, snap } = await setup({ gating: "OPEN", formDefinition: [] });
    const e = await refused(snap, () => submitAccessRequest(caller, ref, { answers: {}, licenseVersionId: lv }, meta));
    expect(e).toMatchObject({ code: "CONFLICT", status: 409, action: `/models/${model.slug}/license` });
  });

  it("a grant holder gets the approved request back: awaiting re-acceptance, the version sent is accepted; when granted, nothing is written", async () => {
    const { caller, ref, lv, model, user, snap } = await setup();
    const approved = await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED" });
    const first = await submitAccessRequest(caller, ref, { answers: good, licenseVersionId: lv }, meta);
    expect(first).toMatchObject({ created: false, request: { id: approved.id, status: "APPROVED" } });
    expect(await db.licenseAcceptance.count({ where: { userId: user.id, licenseVersionId: lv } })).toBe(1);
    expect(await db.accessRequest.count({ where: { userId: user.id, modelId: model.id } })).toBe(1);

    const before = await snap();
    const again = await submitAccessRequest(caller, ref, { answers: good, licenseVersionId: lv }, meta);
    expect(again).toMatchObject({ created: false, request: { id: approved.id, status: "APPROVED" } });
    expect(await snap()).toEqual(before);
  });

  it("a blocked country on an AUTO model is refused with GEO_BLOCKED before the rules run: no REJECTED request is written", async () => {
    const { caller, ref, lv, model, snap } = await setup(
      { gating: "AUTO", rules: { blockedCountries: ["KP"] } },
      { country: "KP" },
    );
    const e = await refused(snap, () =>
      submitAccessRequest(caller, ref, { answers: good, licenseVersionId: lv }, meta),
    );
    expect(e).toMatchObject({ code: "GEO_BLOCKED", status: 403, action: `/models/${model.slug}` });
  });

  it("refuses anonymous callers (SIGN_IN_REQUIRED) and hides PRIVATE models (NOT_FOUND)", async () => {
    const { ref, lv, snap } = await setup();
    expect(
      await refused(snap, () => submitAccessRequest(anonymous, ref, { answers: good, licenseVersionId: lv }, meta)),
    ).toMatchObject({ code: "SIGN_IN_REQUIRED", status: 401 });
    const hidden = await setup({ visibility: "PRIVATE" });
    const e = await refused(hidden.snap, () =>
      submitAccessRequest(hidden.caller, hidden.ref, { answers: good, licenseVersionId: hidden.lv }, meta),
    );
    expect(e).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await db.accessRequest.count({ where: { modelId: hidden.model.id } })).toBe(0);
  });
});
