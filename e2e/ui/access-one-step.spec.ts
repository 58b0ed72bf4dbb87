// The model page's one-step box ("agree and access"): anonymous visitors read the license and the
// questions; a signed-in researcher fills what the profile lacks, answers and accepts at once, and sees
// the outcome in place (granted for AUTO, pending for MANUAL, the reason when blocked). Reviewers who
// want a mail per request get one; the model's requests download as CSV for its reviewers only.
import { expect, test, type Page } from "@playwright/test";
import { nid, ownModel, person, SEEDED, waitForSubject } from "../fixtures/access-world";
import { parseCsv } from "../fixtures/audit";
import { rows, withDb } from "../fixtures/db";
import { useSession } from "../fixtures/session";

const box = (page: Page) => page.getByTestId("access-box");
const outcome = (page: Page) => page.getByTestId("access-box-outcome");
const form = [{ name: "purpose", type: "text", label: "Purpose of use", required: true }];
const license = /I have read this license and accept its terms\./;

const requestsOf = (userId: string) =>
  withDb(
    async (c) =>
      (await c.query<{ status: string }>(`SELECT status FROM "AccessRequest" WHERE "userId" = $1`, [userId])).rows,
  );
const profileOf = (userId: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ position: string | null; country: string | null }>(
          `SELECT position, country FROM "User" WHERE id = $1`,
          [userId],
        )
      ).rows[0],
  );
const clearProfile = (userId: string) =>
  withDb((c) => c.query(`UPDATE "User" SET position = NULL, country = NULL WHERE id = $1`, [userId]));

test("anonymous visitors read the whole license as Markdown and the questions, then are asked to sign in", async ({
  page,
}) => {
  await page.goto(`/models/${SEEDED.OPEN}`);
  await expect(box(page)).toHaveAttribute("data-signed-in", "false");
  await expect(box(page).getByTestId("license-text")).toContainText("Permission is hereby granted");
  await expect(box(page).getByRole("link", { name: "Sign in and accept the license" })).toBeVisible();

  await page.goto(`/models/${SEEDED.MANUAL}`);
  await expect(box(page).getByTestId("access-box-questions")).toContainText("What will you use the model for?");
  // Rendered, not raw: no Markdown heading marks in the text.
  await expect(box(page).getByTestId("license-text")).not.toContainText("## ");
  await expect(box(page).getByRole("link", { name: "Sign in to request access" })).toBeVisible();
});

test("MANUAL: the missing profile, the answer and the license in one form → pending in place; an EACH reviewer is mailed", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person({ role: "ADMIN" });
  await clearProfile(me.userId);
  const model = await ownModel({ gating: "MANUAL", formDefinition: form });
  const reviewerEmail = `reviewer-${nid()}@e2e.test`;
  try {
    const reviewer = await rows.createUser({ email: reviewerEmail });
    await rows.createModelReviewer(reviewer.id, model.id);
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}`);
    await expect(box(page)).toHaveAttribute("data-signed-in", "true");
    const submit = box(page).getByRole("button", { name: "Agree and request access" });
    await expect(submit).toBeDisabled();
    await box(page).getByLabel(license).check();
    await submit.click();
    // Nothing was written; every missing field says what it needs.
    await expect(box(page).getByText("Enter your position, e.g. PhD student.")).toBeVisible();
    await expect(box(page).getByText("Choose your country from the list.")).toBeVisible();
    expect(await requestsOf(me.userId)).toEqual([]);

    await box(page).getByLabel("Position").fill("Postdoc");
    await box(page).getByRole("combobox", { name: "Country" }).fill("Fran");
    await page.getByRole("option", { name: "France" }).click();
    await box(page).getByLabel("Purpose of use").fill("Evaluating tokenizers");
    await submit.click();
    await expect(outcome(page)).toHaveAttribute("data-code", "REQUEST_PENDING");
    await expect(outcome(page)).toContainText("pending review");
    expect(await requestsOf(me.userId)).toEqual([{ status: "PENDING" }]);
    expect(await profileOf(me.userId)).toEqual({ position: "Postdoc", country: "FR" });
    const mail = await waitForSubject(reviewerEmail, `New access request for ${model.slug}`);
    expect(mail.text).toContain("/admin/requests/");
  } finally {
    await withDb((c) => c.query(`DELETE FROM "User" WHERE email = $1`, [reviewerEmail]));
    await model.remove();
  }
});

test("AUTO: granted in place; and the requests CSV is the reviewers' alone", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person({ role: "ADMIN" });
  const outsider = await person();
  const model = await ownModel({ gating: "AUTO", formDefinition: form });
  try {
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}`);
    await box(page).getByLabel("Purpose of use").fill("=SUM(A1:A9)");
    await box(page).getByLabel(license).check();
    await box(page).getByRole("button", { name: "Agree and access" }).click();
    await expect(outcome(page)).toHaveAttribute("data-code", "GRANTED");
    await expect(page.getByTestId("access-panel")).toHaveAttribute("data-code", "GRANTED");

    const csv = await request.get(`/api/v1/admin/models/${model.slug}/requests.csv`, { headers: me.headers });
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const [header, row, ...rest] = parseCsv(await csv.text());
    expect(rest).toEqual([]);
    expect(header).toContain("Purpose of use");
    expect(row).toContain("APPROVED");
    expect(row).toContain(me.email);
    expect(row).toContain("'=SUM(A1:A9)");

    const refused = await request.get(`/api/v1/admin/models/${model.slug}/requests.csv`, {
      headers: outsider.headers,
    });
    expect(refused.status()).toBe(404);
    expect((await refused.json()).error.code).toBe("NOT_FOUND");
  } finally {
    await withDb((c) => c.query(`DELETE FROM "AccessRequest" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});

test("a country the model blocks, chosen in the box: the reason shows in place and nothing is saved", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person({ role: "ADMIN" });
  await clearProfile(me.userId);
  const model = await ownModel({ gating: "AUTO", rules: { blockedCountries: ["CU"] } });
  try {
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}`);
    await box(page).getByLabel("Position").fill("Engineer");
    await box(page).getByRole("combobox", { name: "Country" }).fill("Cuba");
    await page.getByRole("option", { name: "Cuba" }).click();
    await box(page).getByLabel(license).check();
    await box(page).getByRole("button", { name: "Agree and access" }).click();
    await expect(page.getByTestId("access-box-failure")).toContainText(
      "This model is not available to researchers in your declared country.",
    );
    expect(await requestsOf(me.userId)).toEqual([]);
    expect(await profileOf(me.userId)).toEqual({ position: null, country: null });
  } finally {
    await model.remove();
  }
});
