// Model management in Chromium, as an admin: create a model, write its card with the live preview,
// add an access-form question, create a version, (a READY file arranged as uploads and the verify
// job would leave it), publish it and make it the latest; the public model page then shows it.
// Moving the model to another license version makes a grantee's download LICENSE_NOT_ACCEPTED
// until they accept that version. Reviewers see the same pages read-only.
import { createHash, randomBytes } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  apply,
  client,
  expectError,
  expectJson,
  nid,
  ownLicense,
  person,
  waitForSubject,
  type Submitted,
} from "../fixtures/access-world";
import { rows, withDb } from "../fixtures/db";
import { assignReviewerBySlug, versionOf } from "../fixtures/models";
import { useSession } from "../fixtures/session";

/** Uncaught errors in the page (a hydration mismatch is one): each test ends with none. */
const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

/** Waits until React has hydrated the element: input before that is lost when hydration runs. */
const hydrated = (locator: Locator) =>
  expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber"))), {
      message: "hydrated",
    })
    .toBe(true);

const choose = async (page: Page, label: string, option: string | RegExp) => {
  await page.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option }).click();
};

/** A READY file of the version, bytes in the bucket, as the uploads and the verify job would leave it. */
const addReadyFile = async (slug: string, versionName: string, path: string) => {
  const bytes = randomBytes(4096);
  const { storageKey: key } = await rows.putFile(await versionOf(slug, versionName), {
    path,
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  });
  const s3 = new S3Client({
    endpoint: process.env.E2E_S3_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await s3.send(
    new PutObjectCommand({ Bucket: "weights", Key: key, Body: bytes, ContentType: "application/octet-stream" }),
  );
};

const removeModel = (slug: string) =>
  withDb(async (c) => {
    await c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" IN (SELECT id FROM "Model" WHERE slug = $1)`, [slug]);
    await c.query(`DELETE FROM "Model" WHERE slug = $1`, [slug]);
  });

test("an admin creates a model, writes its card and access form, publishes a version as latest; a license move asks the grantee to accept again", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(120_000);
  const admin = await person({ role: "ADMIN" });
  const license = await ownLicense();
  const org = `e2e-ui-${nid()}`;
  const slug = `${org}/tiny-lm`;
  await useSession(context, baseURL as string, admin);
  try {
    // Create: from the models list.
    await page.goto("/admin/models");
    await page.getByTestId("new-model").click();
    await expect(page.getByRole("heading", { name: "New model" })).toBeVisible();
    const form = page.getByRole("form", { name: "New model" });
    await hydrated(form.getByRole("button", { name: "Create model" }));
    await form.getByLabel("Organisation").fill(org);
    await form.getByLabel("Model name").fill("tiny-lm");
    await choose(page, "License", new RegExp(license.name));
    await form.getByLabel("Title").fill("Tiny LM (e2e)");
    await form.getByLabel("Task").fill("text-generation");
    await choose(page, "Gating", /Automatic approval/);
    await form.getByRole("button", { name: "Create model" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/models/${slug}/settings$`));
    await expect(page.getByRole("heading", { level: 1, name: "Tiny LM (e2e)" })).toBeVisible();
    await expect(page.getByTestId("current-license")).toContainText(`${license.name} v1.0`);

    // The card, with its live preview (rendered like the public page: GFM tables, no raw HTML).
    const card = page.getByLabel("Card (Markdown)");
    await hydrated(card);
    await card.fill("# Tiny LM\n\n| input | output |\n| --- | --- |\n| text | text |\n\n<script>alert(1)</script>");
    const preview = page.getByTestId("card-preview");
    await expect(preview.getByRole("heading", { name: "Tiny LM" })).toBeVisible();
    await expect(preview.getByRole("table")).toContainText("output");
    await expect(preview.locator("script")).toHaveCount(0);
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The card saved." })).toBeVisible();

    // One access-form question; saving bumps the form version; the preview shows it as applicants will.
    await expect(page.getByTestId("form-version")).toContainText("version 1");
    await page.getByRole("button", { name: "Add question" }).click();
    await page.getByLabel("Question 1 text").fill("What will you use it for?");
    await page.getByLabel("Question 1 key").fill("purpose");
    await page.getByLabel("Question 1 is required").check();
    await expect(page.getByTestId("form-preview").getByLabel("What will you use it for?")).toBeVisible();
    await page.getByRole("button", { name: "Save access form" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Access form saved as version 2." })).toBeVisible();
    await expect(page.getByTestId("form-version")).toContainText("version 2");

    // A version, its file, publication and the latest mark.
    await page
      .getByRole("navigation", { name: "Model administration" })
      .getByRole("link", { name: "Versions" })
      .click();
    await expect(page.getByTestId("versions-empty")).toBeVisible();
    const versionForm = page.getByRole("form", { name: "New version" });
    await hydrated(versionForm.getByRole("button", { name: "Create draft version" }));
    await expect(versionForm.getByLabel("Version name")).toHaveValue("v1");
    await versionForm.getByRole("button", { name: "Create draft version" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/models/${slug}/versions/v1$`));
    await expect(page.getByTestId("version-status")).toHaveText("draft");
    await expect(page.getByTestId("files-empty")).toBeVisible();
    await expect(page.getByTestId("upload-panel")).toBeVisible();

    await addReadyFile(slug, "v1", "model.onnx");
    await page.reload();
    await expect(page.getByTestId("version-file")).toHaveAttribute("data-status", "READY");
    page.once("dialog", (d) => void d.accept());
    await hydrated(page.getByRole("button", { name: "Publish version" }));
    await page.getByRole("button", { name: "Publish version" }).click();
    await expect(page.getByRole("status").filter({ hasText: "v1 is published." })).toBeVisible();
    await expect(page.getByTestId("version-status")).toHaveText("published");
    await expect(page.getByTestId("upload-panel")).toHaveCount(0);
    await page.getByRole("button", { name: "Make latest" }).click();
    await expect(page.getByTestId("latest-badge")).toBeVisible();

    // The public page shows the card and the published version's file.
    await page.goto(`/models/${slug}`);
    await expect(page.getByRole("heading", { level: 1, name: "Tiny LM (e2e)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Tiny LM", exact: true })).toBeVisible();
    const files = page.getByTestId("files-card");
    await expect(files).toContainText("(v1,");
    await expect(files.getByTestId("files-table")).toContainText("model.onnx");

    // A grantee (admin-role: the model is PRIVATE, as public test models would change other specs' catalog counts).
    const grantee = await person({ role: "ADMIN" });
    const asGrantee = client(request, grantee);
    const model = await withDb(
      async (c) =>
        (await c.query<{ id: string }>(`SELECT id FROM "Model" WHERE slug = $1`, [slug])).rows[0] as { id: string },
    );
    const applied = await expectJson<Submitted>(
      await apply(
        asGrantee,
        { id: model.id, slug, licenseVersionId: license.v1.id },
        { purpose: "Teaching a course." },
      ),
      201,
    );
    expect(applied.request.status).toBe("APPROVED");
    const download = () =>
      request.get(`/api/v1/models/${slug}/files/model.onnx`, { headers: grantee.headers, maxRedirects: 0 });
    expect((await download()).status()).toBe(302);

    // A second license (Licenses page), then the model moved onto it from its settings.
    const otherSlug = `e2e-ui-lic-${nid()}`;
    const otherName = `E2E UI License ${otherSlug}`;
    await page.goto("/admin/licenses");
    const licenseForm = page.getByRole("form", { name: "New license" });
    await hydrated(licenseForm.getByRole("button", { name: "Create license" }));
    await licenseForm.getByLabel("License name").fill(otherName);
    await licenseForm.getByLabel("License id").fill(otherSlug);
    await licenseForm
      .getByLabel("License text")
      .fill(`${otherName}, version 1.0. Research use only, attribution required.`);
    await licenseForm.getByRole("button", { name: "Create license" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${otherName} created` })).toBeVisible();
    const listed = page.locator(`[data-testid="license"][data-slug="${otherSlug}"]`);
    await expect(listed.getByTestId("license-version")).toHaveAttribute("data-version", "1.0");

    await page.goto(`/admin/models/${slug}/settings`);
    await hydrated(page.getByRole("button", { name: "Move to this version" }));
    await choose(page, "License version", new RegExp(`${otherName} v1\\.0`));
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Move to this version" }).click();
    await expect(page.getByRole("status").filter({ hasText: "1 person was asked to accept it." })).toBeVisible();
    await expect(page.getByTestId("current-license")).toContainText(`${otherName} v1.0`);

    const refused = await expectError(await download(), 403, "LICENSE_NOT_ACCEPTED");
    expect(refused.action).toBe(`/models/${slug}/license`);
    await waitForSubject(grantee.email, `New license version for ${slug}`);
    const state = await expectJson<{ license: { id: string } }>(
      await asGrantee.get(`/api/v1/models/${slug}/access`),
      200,
    );
    await expectJson(
      await asGrantee.post(`/api/v1/models/${slug}/license-acceptances`, { licenseVersionId: state.license.id }),
      201,
    );
    expect((await download()).status()).toBe(302);
  } finally {
    await removeModel(slug);
  }
});

test("an admin edits the general settings and the access rules, with the rules' preview judging a sample applicant", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const license = await ownLicense();
  const org = `e2e-ui-${nid()}`;
  const slug = `${org}/rules`;
  try {
    await expectJson(
      await client(request, admin).post("/api/v1/admin/models", {
        org,
        name: "rules",
        title: "Rules model",
        task: "text-generation",
        license: license.slug,
        gating: "AUTO",
      }),
      201,
    );
    await useSession(context, baseURL as string, admin);
    await page.goto(`/admin/models/${slug}/settings`);

    const general = page.getByRole("form", { name: "General settings" });
    await hydrated(general.getByRole("button", { name: "Save general settings" }));
    await general.getByLabel("Title").fill("Rules model, renamed");
    await general.getByLabel("Grant duration (days)").fill("30");
    await general.getByRole("button", { name: "Save general settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The general settings saved." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Rules model, renamed" })).toBeVisible();

    // The preview follows the rules as edited, before they are saved.
    const rules = page.getByRole("form", { name: "Auto-approval rules" });
    const outcome = page.getByTestId("rules-outcome");
    await expect(outcome).toHaveAttribute("data-decision", "APPROVE");
    await rules.getByLabel("Approve automatically only for some e-mail domains").check();
    const domains = rules.getByLabel("Allowed e-mail domains");
    await domains.fill("*.edu");
    await domains.press("Enter");
    await page.getByLabel("Sample e-mail").fill("ada@cs.example.edu");
    await expect(outcome).toHaveAttribute("data-decision", "APPROVE");
    await page.getByLabel("Sample e-mail").fill("ada@gmail.example");
    await expect(outcome).toHaveAttribute("data-decision", "MANUAL");
    await expect(outcome).toContainText("gmail.example is not on this model's list");

    // A malformed domain is refused in the browser, with the message at the field; nothing saved.
    await domains.fill("not a domain");
    await domains.press("Enter");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByText("a domain such as example.org or a wildcard such as *.edu")).toBeVisible();
    const stored = () =>
      withDb(
        async (c) =>
          (
            await c.query<{ rules: unknown; grantDurationDays: number | null }>(
              `SELECT rules, "grantDurationDays" FROM "Model" WHERE slug = $1`,
              [slug],
            )
          ).rows[0],
      );
    expect(await stored()).toEqual({ rules: {}, grantDurationDays: 30 });

    await domains.press("Backspace");
    await expect(rules.getByText("not a domain")).toHaveCount(0);
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The rules saved." })).toBeVisible();
    expect((await stored())?.rules).toEqual({
      blockedCountries: [],
      orcid: null,
      emailDomains: { allow: ["*.edu"], otherwise: "MANUAL" },
      dailyAutoApprovalsPerDomain: null,
    });
  } finally {
    await removeModel(slug);
  }
});

test("a reviewer of the model reads its settings and versions without any way to change them", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const license = await ownLicense();
  const org = `e2e-ui-${nid()}`;
  const slug = `${org}/read-only`;
  try {
    await expectJson(
      await client(request, admin).post("/api/v1/admin/models", {
        org,
        name: "read-only",
        title: "Read-only model",
        task: "text-generation",
        license: license.slug,
        cardMarkdown: "# Card",
      }),
      201,
    );
    await expectJson(await client(request, admin).post(`/api/v1/admin/models/${slug}/versions`, { name: "v1" }), 201);
    const reviewer = await person();
    await assignReviewerBySlug(reviewer.userId, slug);
    await useSession(context, baseURL as string, reviewer);

    await page.goto(`/admin/models/${slug}/settings`);
    await expect(page.getByTestId("read-only")).toBeVisible();
    await expect(page.getByLabel("Title")).toBeDisabled();
    await expect(page.getByTestId("card-preview").getByRole("heading", { name: "Card" })).toBeVisible();
    for (const name of [
      "Save general settings",
      "Save card",
      "Save access form",
      "Save rules",
      "Move to this version",
      "Add question",
    ])
      await expect(page.getByRole("button", { name })).toHaveCount(0);

    await page.goto(`/admin/models/${slug}/versions`);
    await expect(page.getByTestId("version-row")).toHaveAttribute("data-name", "v1");
    await expect(page.getByRole("form", { name: "New version" })).toHaveCount(0);
    await page.getByRole("link", { name: "v1" }).click();
    await expect(page.getByTestId("version-status")).toHaveText("draft");
    await expect(page.getByRole("button", { name: "Publish version" })).toHaveCount(0);
    await expect(page.getByTestId("upload-panel")).toHaveCount(0);

    // Admin-only pages do not exist for them.
    for (const path of ["/admin/models/new", "/admin/licenses"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
    }
  } finally {
    await removeModel(slug);
  }
});
