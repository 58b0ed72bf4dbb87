// The reviewer's request page against the profile as submitted: a changed field is marked in the
// applicant's table and listed as then → now; a request from before snapshots says "not recorded".
import { expect, test } from "@playwright/test";
import { setRequest } from "../fixtures/access-world";
import { reviewWorld } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";

test("request page: the profile's changes since submission are marked, field by field", async ({ page, baseURL }) => {
  const w = await reviewWorld();
  try {
    const before = await w.request({ name: "Old Request", affiliation: "Now University" });
    const id = await w.request({ name: "Moved Person", affiliation: "Now University" });
    // Submitted from another institution and country than the profile says today.
    await setRequest(id, {
      profileSnapshot: {
        name: "Moved Person",
        affiliation: "Then University",
        position: "Postdoc",
        country: "FR",
        orcid: null,
        website: null,
      },
    });
    await useSession(page.context(), baseURL as string, w.people.reviewer);

    await page.goto(`/admin/requests/${id}`);
    const changes = page.getByTestId("profile-changes");
    await expect(changes.getByText("Profile changed since submission")).toBeVisible();
    await expect(changes.getByRole("row")).toHaveText([
      "FieldAt submissionNow",
      "AffiliationThen University→ Now University",
      "CountryFrance→ Germany",
    ]);
    const profile = page.getByTestId("applicant-profile");
    await expect(profile.getByRole("row").filter({ hasText: "changed" })).toHaveCount(2);
    await expect(profile.getByRole("row", { name: /Affiliation/ })).toContainText("changed");
    await expect(profile.getByRole("row", { name: /Name/ })).not.toContainText("changed");

    await page.goto(`/admin/requests/${before}`);
    await expect(page.getByTestId("profile-at-submission")).toHaveText(/not recorded/);
    await expect(page.getByTestId("profile-changes")).toHaveCount(0);
  } finally {
    await w.remove();
  }
});
