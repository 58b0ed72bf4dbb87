// The researcher's side of the gate, in the browser: MANUAL, AUTO and OPEN paths, a rejection
// then a resubmission after the cooldown, and a license change then re-acceptance.
import { expect, test, type Page } from "@playwright/test";
import { NOW, ownLicense, ownModel, person, SEEDED, waitForSubject } from "../fixtures/access-world";
import { signIn, uniqueEmail } from "../fixtures/auth";
import { withDb } from "../fixtures/db";
import { useSession } from "../fixtures/session";

const panel = (page: Page) => page.getByTestId("access-panel");

const requestRows = (userId: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ id: string; status: string }>(
          `SELECT id, status FROM "AccessRequest" WHERE "userId" = $1 ORDER BY "createdAt"`,
          [userId],
        )
      ).rows,
  );

test("MANUAL: profile, form, license, then pending; the request can be withdrawn", async ({ page }) => {
  const email = uniqueEmail("manual");
  await signIn(page, email);
  await page.goto(`/models/${SEEDED.MANUAL}`);
  await expect(panel(page)).toHaveAttribute("data-code", "PROFILE_INCOMPLETE");
  await page.getByTestId("access-action").click();
  // The model page's one-step box has the same fields: wait for the profile page before filling them.
  await expect(page).toHaveURL(/\/account\/profile\?next=/);

  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Affiliation").fill("University of Example");
  await page.getByLabel("Position").fill("PhD student");
  await page.getByRole("combobox", { name: "Country" }).fill("Germ");
  await page.getByRole("option", { name: "Germany" }).click();
  await page.getByLabel("ORCID iD").fill("0000-0002-1825-0098");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("Enter your ORCID iD as 0000-0000-0000-0000 with a valid check digit")).toBeVisible();
  await expect(page.getByLabel("ORCID iD")).toBeFocused();
  await page.getByLabel("ORCID iD").fill("0000-0002-1825-0097");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page).toHaveURL(new RegExp(`/models/${SEEDED.MANUAL}/request$`));
  await expect(page.getByTestId("license-text")).toContainText("Non-Commercial");
  const submit = page.getByRole("button", { name: "Accept the license and submit the request" });
  await submit.click();
  // The form's own schema refuses missing answers before anything is sent, in sentences naming the field.
  await expect(page.getByText("Enter what you will use the model for.")).toBeVisible();
  await expect(page.getByText("Tick “I have read this license and accept its terms” to continue.")).toBeVisible();
  await expect(page.getByLabel(/What will you use the model for/)).toBeFocused();
  await page.getByLabel("I have read this license and accept its terms.").check();
  await page
    .getByLabel(/What will you use the model for/)
    .fill("Character-level language models for a linguistics course.");
  await page.getByRole("combobox", { name: "Research field" }).click();
  await page.getByRole("option", { name: "Linguistics" }).click();
  await page.getByLabel("I will not share the weights outside my research group.").check();
  await submit.click();

  await expect(page).toHaveURL(new RegExp(`/models/${SEEDED.MANUAL}$`));
  await expect(panel(page)).toHaveAttribute("data-code", "REQUEST_PENDING");
  const received = await waitForSubject(email, `Access request received: ${SEEDED.MANUAL}`);
  expect(received.text).toContain("/account/requests");

  await page.goto("/account/requests");
  const card = page.getByTestId("request-card").first();
  await expect(card).toHaveAttribute("data-status", "PENDING");
  await expect(card).toContainText("Submitted");
  await expect(card).toContainText("Rule outcome");
  page.once("dialog", (d) => void d.accept());
  await card.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByTestId("request-card").first()).toHaveAttribute("data-status", "WITHDRAWN");
  await expect(page.getByRole("link", { name: "Request again" })).toBeVisible();
});

test("AUTO: approved at once, with the decision mailed", async ({ page, context, baseURL }) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  await page.goto(`/models/${SEEDED.AUTO}/request`);
  await page.getByLabel("Intended use").fill("Benchmarking OCR pipelines.");
  await page.getByLabel("I have read this license and accept its terms.").check();
  await page.getByRole("button", { name: "Accept the license and submit the request" }).click();
  await expect(panel(page)).toHaveAttribute("data-code", "GRANTED");
  await expect(panel(page)).toContainText(/You have access until/);
  expect((await requestRows(me.userId)).map((r) => r.status)).toEqual(["APPROVED"]);
  expect((await waitForSubject(me.email, `Access approved: ${SEEDED.AUTO}`)).text).toContain("until");
});

test("OPEN: the license alone gives access, and its receipt shows the exact text's sha256", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person({ profile: false });
  await useSession(context, baseURL as string, me);
  await page.goto(`/models/${SEEDED.OPEN}`);
  await expect(panel(page)).toHaveAttribute("data-code", "LICENSE_NOT_ACCEPTED");
  await page.getByTestId("access-action").click();
  // The model page's one-step box shows the same text and box: wait for the license page itself.
  await expect(page).toHaveURL(new RegExp(`/models/${SEEDED.OPEN}/license$`));
  await expect(page.getByTestId("license-text")).toContainText("Permission is hereby granted");
  await page.getByLabel("I have read this license and accept its terms.").check();
  await page.getByRole("button", { name: "Accept the license" }).click();
  await expect(panel(page)).toHaveAttribute("data-code", "GRANTED");
  expect(await requestRows(me.userId)).toEqual([]);

  await page.goto("/account/licenses");
  await page.getByRole("link", { name: "receipt" }).click();
  const stored = await withDb(
    async (c) =>
      (
        await c.query<{ sha256: string }>(
          `SELECT "textSha256" AS sha256 FROM "LicenseAcceptance" WHERE "userId" = $1`,
          [me.userId],
        )
      ).rows,
  );
  expect(stored).toHaveLength(1);
  await expect(page.getByTestId("receipt")).toContainText(stored[0]?.sha256 as string);
  await expect(page.getByTestId("receipt")).toContainText(me.email);
});

test("a rejection shows its reason and date; after the cooldown the form reopens pre-filled", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person({ role: "ADMIN" });
  const model = await ownModel({
    gating: "MANUAL",
    requestCooldownDays: 7,
    formDefinition: [{ name: "purpose", type: "text", label: "Purpose", required: true }],
  });
  try {
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}/request`);
    await page.getByLabel("Purpose").fill("First attempt at a purpose");
    await page.getByLabel("I have read this license and accept its terms.").check();
    await page.getByRole("button", { name: "Accept the license and submit the request" }).click();
    await expect(panel(page)).toHaveAttribute("data-code", "REQUEST_PENDING");

    await withDb((c) =>
      c.query(
        `UPDATE "AccessRequest" SET status = 'REJECTED', "reasonText" = 'Purpose too vague', "decidedAt" = ${NOW} WHERE "userId" = $1`,
        [me.userId],
      ),
    );
    await page.reload();
    await expect(panel(page)).toHaveAttribute("data-code", "REQUEST_REJECTED");
    await expect(panel(page)).toContainText("Purpose too vague");
    await expect(panel(page)).toContainText("You can apply again from");
    await page.goto(`/models/${model.slug}/request`);
    await expect(page.getByText("You cannot make a new request now")).toBeVisible();

    await withDb((c) =>
      c.query(`UPDATE "AccessRequest" SET "decidedAt" = ${NOW} - interval '8 days' WHERE "userId" = $1`, [me.userId]),
    );
    await page.goto("/account/requests");
    await page.getByRole("link", { name: "Edit and resubmit" }).click();
    await expect(page.getByLabel("Purpose")).toHaveValue("First attempt at a purpose");
    await page.getByLabel("Purpose").fill("A precise purpose this time");
    await page.getByLabel("I have read this license and accept its terms.").check();
    await page.getByRole("button", { name: "Accept the license and submit the request" }).click();
    await expect(panel(page)).toHaveAttribute("data-code", "REQUEST_PENDING");
    expect((await requestRows(me.userId)).map((r) => r.status)).toEqual(["REJECTED", "PENDING"]);
  } finally {
    await withDb((c) => c.query(`DELETE FROM "AccessRequest" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});

test("a new license version asks grantees to accept again, by mail and on the page", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person({ role: "ADMIN" });
  const license = await ownLicense();
  const model = await ownModel({ gating: "AUTO", grantDurationDays: 30, licenseVersionId: license.v1.id });
  try {
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}/request`);
    await page.getByLabel("I have read this license and accept its terms.").check();
    await page.getByRole("button", { name: "Accept the license and submit the request" }).click();
    await expect(panel(page)).toHaveAttribute("data-code", "GRANTED");

    const text = `${license.name}, version 2.0.\n\nResearch use only; cite the model. No warranty.\n`;
    const published = await request.post(`/api/v1/admin/licenses/${license.slug}/versions`, {
      headers: { cookie: me.cookieHeader },
      data: { version: "2.0", text },
    });
    expect(published.status()).toBe(201);
    await page.reload();
    await expect(panel(page)).toHaveAttribute("data-code", "LICENSE_NOT_ACCEPTED");
    await expect(panel(page)).toContainText("version 2.0");
    const mail = await waitForSubject(me.email, `New license version for ${model.slug}: accept it to keep downloading`);
    expect(mail.text).toContain(`/models/${model.slug}/license`);

    await page.getByTestId("access-action").click();
    await expect(page).toHaveURL(new RegExp(`/models/${model.slug}/license$`));
    await expect(page.getByTestId("license-text")).toContainText("version 2.0");
    await page.getByLabel("I have read this license and accept its terms.").check();
    await page.getByRole("button", { name: "Accept the license" }).click();
    await expect(panel(page)).toHaveAttribute("data-code", "GRANTED");
    await page.goto("/account/requests");
    await expect(page.getByTestId("request-card").first()).toContainText("License accepted");
  } finally {
    await withDb((c) => c.query(`DELETE FROM "AccessRequest" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});
