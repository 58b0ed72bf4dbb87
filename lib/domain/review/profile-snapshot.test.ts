// Each request keeps the profile as submitted; the reviewer's view of the request says what changed since.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { submitAccessRequest } from "@/lib/domain/access/submit-access-request";
import { updateProfile } from "@/lib/domain/profile/update-profile";
import { createGatedModel, createRequest, createResearcher, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { getReviewRequest } from "./get-review-request";

const { modelIds, emails } = trackTestRows();
const meta = { ip: null, userAgent: null };

const setup = async () => {
  const m = await createGatedModel({ org: `snap${uid()}`, gating: "MANUAL" });
  modelIds.push(m.id);
  const { user, caller } = await createResearcher({ country: "DE", affiliation: "Uni Heidelberg" });
  emails.push(user.email!);
  const { caller: admin } = await createResearcher({ role: "ADMIN" });
  return { m, user, caller, admin };
};

describe("the profile as submitted with a request", () => {
  it("is stored with the request, and the reviewer's view lists what changed since, field by field", async () => {
    const { m, caller, admin } = await setup();
    const { request } = await submitAccessRequest(
      caller,
      m,
      { answers: {}, licenseVersionId: m.licenseVersion.id },
      meta,
    );
    const stored = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.profileSnapshot).toEqual({
      name: "Ada Lovelace",
      affiliation: "Uni Heidelberg",
      position: "Researcher",
      country: "DE",
      orcid: null,
      website: null,
    });

    const unchanged = await getReviewRequest(admin, { id: request.id });
    expect(unchanged.profileChanges).toEqual([]);
    expect(unchanged.profileAtSubmission).toEqual(stored.profileSnapshot);

    await updateProfile(caller, {
      name: "Ada Lovelace",
      affiliation: "Analytical Engines Ltd",
      position: "Researcher",
      country: "fr",
      website: "https://ada.example",
    });
    const view = await getReviewRequest(admin, { id: request.id });
    expect(view.profileChanges).toEqual([
      { field: "affiliation", then: "Uni Heidelberg", now: "Analytical Engines Ltd" },
      { field: "country", then: "DE", now: "FR" },
      { field: "website", then: null, now: "https://ada.example" },
    ]);
    // The snapshot itself never moves.
    expect(view.profileAtSubmission).toMatchObject({ affiliation: "Uni Heidelberg", country: "DE" });
    expect(view.applicant.country.value).toBe("FR");
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).profileSnapshot).toEqual(
      stored.profileSnapshot,
    );
  });

  it("is null for a request made before snapshots were kept: no changes claimed", async () => {
    const { m, user, admin } = await setup();
    const old = await createRequest({ userId: user.id, modelId: m.id });
    const view = await getReviewRequest(admin, { id: old.id });
    expect(view.profileAtSubmission).toBeNull();
    expect(view.profileChanges).toBeNull();
  });
});
