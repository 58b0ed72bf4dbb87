// Fingerprinting as an admin sets it and as users see it, in Chromium: the settings section (switch,
// glob, the storage one grantee costs, errors as sentences, saved with an audit row); then the model
// page, the request form's license box and the license page say each recipient receives an
// individually marked copy, linking to the short explanation.
import { expect, test, type Page } from "@playwright/test";
import { person } from "../fixtures/access-world";
import { hydrated } from "../fixtures/audit";
import { withDb } from "../fixtures/db";
import { fingerprintedCharLm } from "../fixtures/fingerprint";
import { useSession } from "../fixtures/session";

const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

const shoot = async (page: Page, name: string) => {
  // Looked at by hand (E2E_SCREENSHOTS=1), at desktop and phone widths; never committed.
  if (!process.env.E2E_SCREENSHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

const settingsOf = (modelId: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<{ fingerprinting: boolean; fingerprintPaths: string | null }>(
      `SELECT fingerprinting, "fingerprintPaths" FROM "Model" WHERE id = $1`,
      [modelId],
    );
    return rows[0];
  });

const updates = (modelId: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<{ data: { changed: string[]; values: Record<string, { to: unknown }> } }>(
      `SELECT data FROM "AuditEvent" WHERE action = 'model.updated' AND "modelId" = $1 ORDER BY seq`,
      [modelId],
    );
    return rows.map((r) => r.data);
  });

test("an admin turns fingerprinting on with a glob, seeing the cost per grantee and the glob's errors as sentences", async ({
  page,
  context,
  baseURL,
}) => {
  const model = await fingerprintedCharLm({ fingerprinting: false });
  try {
    const admin = await person({ role: "ADMIN" });
    await useSession(context, baseURL as string, admin);
    await page.goto(`/admin/models/${model.slug}/settings`);
    const section = page.getByTestId("fingerprint-settings");
    const save = section.getByTestId("fingerprint-save");
    await hydrated(save);
    const cost = section.getByTestId("fingerprint-cost");
    await expect(cost).toContainText("With fingerprinting on, each grantee would cost");
    await expect(cost).toHaveAttribute("data-bytes", model.onnx.size);
    await expect(cost).toHaveAttribute("data-files", "1");

    const glob = section.getByLabel("Files to mark");
    await glob.fill("/abs/*.onnx");
    await save.click();
    await expect(section.getByText("Write the glob as a path inside the model, without a leading /.")).toBeVisible();
    await glob.fill("shard-00001-*.safetensors");
    await expect(section.getByTestId("fingerprint-glob-empty")).toBeVisible();
    await expect(cost).toHaveAttribute("data-bytes", "0");
    expect(await settingsOf(model.id)).toEqual({ fingerprinting: false, fingerprintPaths: null });
    expect(await updates(model.id)).toEqual([]);

    await glob.fill("*.onnx");
    await expect(section.getByTestId("fingerprint-glob-empty")).toHaveCount(0);
    await section.getByLabel("Give each grantee an individually marked copy").check();
    await expect(cost).toContainText("Each grantee costs");
    await shoot(page, "fingerprint-settings");
    await save.click();
    await expect(section.getByRole("status")).toHaveText("The fingerprinting settings saved.");
    expect(await settingsOf(model.id)).toEqual({ fingerprinting: true, fingerprintPaths: "*.onnx" });
    const [update] = await updates(model.id);
    expect(update?.changed.sort()).toEqual(["fingerprintPaths", "fingerprinting"]);
    expect(update?.values.fingerprinting?.to).toBe(true);

    // Emptying the glob marks every weight file again (null).
    await glob.fill("");
    await save.click();
    await expect(section.getByRole("status")).toHaveText("The fingerprinting settings saved.");
    expect(await settingsOf(model.id)).toEqual({ fingerprinting: true, fingerprintPaths: null });
  } finally {
    await model.remove();
  }
});

test("a fingerprinted model says so on its page, beside the license in the request form and on the license page", async ({
  page,
  context,
  baseURL,
}) => {
  const model = await fingerprintedCharLm();
  const plain = await fingerprintedCharLm({ fingerprinting: false });
  try {
    // An ADMIN-role applicant: the test models are PRIVATE (see fixtures/access-world.ts).
    const me = await person({ role: "ADMIN" });
    await useSession(context, baseURL as string, me);

    await page.goto(`/models/${plain.slug}`);
    await expect(page.getByTestId("access-panel")).toBeVisible();
    await expect(page.getByTestId("fingerprint-note")).toHaveCount(0);

    await page.goto(`/models/${model.slug}`);
    await expect(page.getByTestId("fingerprint-note")).toContainText(
      "Each recipient receives an individually marked copy",
    );
    await shoot(page, "model-page");

    await page.goto(`/models/${model.slug}/request`);
    const note = page.getByTestId("fingerprint-note");
    await expect(note).toContainText("Each recipient receives an individually marked copy");
    await shoot(page, "request-form");

    await page.goto(`/models/${model.slug}/license`);
    await expect(page.getByTestId("fingerprint-note")).toContainText("individually marked copy");
    await page.getByTestId("fingerprint-explained").click();
    await expect(page).toHaveURL(/\/help\/fingerprinted-copies$/);
    await expect(page.getByRole("heading", { name: "Individually marked copies", level: 1 })).toBeVisible();
    await shoot(page, "explanation");
  } finally {
    await model.remove();
    await plain.remove();
  }
});
