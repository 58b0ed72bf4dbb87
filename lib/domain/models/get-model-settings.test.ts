import { describe, expect, it } from "vitest";
import { createGatedModel, createResearcher, uid, createModelReviewer } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { getModelSettings } from "./get-model-settings";
import { expectAppError } from "@/lib/testing/expect-app-error";

const { modelIds } = trackTestRows();

describe("getModelSettings", () => {
  it("admins read and may edit; the model's reviewers read only; others get 404, READ tokens 403", async () => {
    const org = `gms${uid()}`;
    const form = [{ name: "purpose", type: "text", label: "Purpose", required: true }];
    const a = await createGatedModel({
      org,
      name: "a",
      gating: "AUTO",
      formDefinition: form,
      rules: { blockedCountries: ["KP"] },
      grantDurationDays: 30,
    });
    const b = await createGatedModel({ org, name: "b" });
    modelIds.push(a.id, b.id);
    const admin = await createResearcher({ role: "ADMIN" });
    const reviewer = await createResearcher();
    await createModelReviewer(reviewer.user.id, a.id);
    const researcher = await createResearcher();

    for (const [caller, canEdit] of [
      [admin.caller, true],
      [reviewer.caller, false],
    ] as const) {
      const settings = await getModelSettings(caller, { org, name: "a" });
      expect(settings.canEdit).toBe(canEdit);
      expect(settings.model).toMatchObject({
        slug: a.slug,
        gating: "AUTO",
        grantDurationDays: 30,
        formDefinition: form,
        formDefinitionInvalid: false,
        formVersion: 1,
        rules: { blockedCountries: ["KP"], orcid: null, emailDomains: null, dailyAutoApprovalsPerDomain: null },
        license: { versionId: a.licenseVersion.id, version: "1.0", slug: a.licenseVersion.license.slug },
        latestVersion: null,
        versionCount: 0,
      });
    }
    await expectAppError(getModelSettings(reviewer.caller, { org, name: "b" }), "NOT_FOUND");
    await expectAppError(getModelSettings(researcher.caller, { org, name: "a" }), "NOT_FOUND");
    await expectAppError(getModelSettings(null, { org, name: "a" }), "SIGN_IN_REQUIRED");
    await expectAppError(getModelSettings({ ...admin.caller, scope: "READ" }, { org, name: "a" }), "FORBIDDEN");
  });

  it("a stored form definition that no longer parses is reported, not a failure", async () => {
    const m = await createGatedModel({ org: `gms${uid()}`, formDefinition: [{ name: "Bad Name", type: "nope" }] });
    modelIds.push(m.id);
    const admin = await createResearcher({ role: "ADMIN" });
    const { model } = await getModelSettings(admin.caller, { org: m.org, name: m.name });
    expect(model).toMatchObject({ formDefinition: [], formDefinitionInvalid: true });
  });
});
