// The model page's Files card in Chromium: an approved user downloads a seeded file and gets the
// exact listed bytes; someone without access reads the gate's next step and sees no download link.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import {
  SEEDED,
  apply,
  client,
  expectJson,
  person,
  seeded,
  setRequest,
  type Submitted,
} from "../fixtures/access-world";
import { useSession } from "../fixtures/session";

const listedFile = (slug: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<{ path: string; sha256: string }>(
      `SELECT f.path, f.sha256 FROM "ModelFile" f JOIN "Model" m ON m."latestVersionId" = f."versionId" WHERE m.slug = $1 AND f.status = 'READY' ORDER BY f.path LIMIT 1`,
      [slug],
    );
    if (!rows[0]) throw new Error(`no READY file for ${slug}`);
    return rows[0];
  });

test("an approved user clicks Download and saves the exact listed bytes", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person();
  await expectJson<Submitted>(await apply(client(request, me), await seeded(SEEDED.AUTO)), 201);
  await useSession(context, baseURL as string, me);
  const file = await listedFile(SEEDED.AUTO);

  await page.goto(`/models/${SEEDED.AUTO}`);
  const card = page.getByTestId("files-card");
  await expect(card.getByTestId("files-gate")).toHaveCount(0);
  const row = card.getByTestId("files-table").getByRole("row").filter({ hasText: file.path });
  await expect(row.getByRole("cell").nth(2)).toHaveAttribute("title", file.sha256);
  await expect(card.getByTestId("cli-command")).toHaveText(`npx weights pull ${SEEDED.AUTO}`);
  await expect(card.getByTestId("manifest-url")).toContainText(`/api/v1/models/${SEEDED.AUTO}/manifest`);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: `Download ${file.path}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(file.path.split("/").pop());
  const saved = await download.path();
  expect(
    createHash("sha256")
      .update(await readFile(saved))
      .digest("hex"),
  ).toBe(file.sha256);
  const events = await withDb(
    async (c) =>
      (await c.query<{ channel: string }>(`SELECT channel::text FROM "DownloadEvent" WHERE "userId" = $1`, [me.userId]))
        .rows,
  );
  expect(events).toEqual([{ channel: "WEB" }]);
});

test("a user without access sees the gate's next step once and no download link", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  const file = await listedFile(SEEDED.MANUAL);

  await page.goto(`/models/${SEEDED.MANUAL}`);
  const card = page.getByTestId("files-card");
  await expect(card.getByTestId("files-gate")).toHaveCount(1);
  await expect(card.getByTestId("files-gate")).toContainText("Request access to this model");
  await expect(card.getByTestId("files-next-step")).toHaveAttribute("href", `/models/${SEEDED.MANUAL}/request`);
  await expect(card.getByTestId("files-table").getByRole("row").filter({ hasText: file.path })).toBeVisible();
  await expect(page.getByRole("link", { name: /download/i })).toHaveCount(0);
  await expect(page.locator(`a[href*="/files/"]`)).toHaveCount(0);
});

test("a grant with a download quota shows its usage, which a download moves", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person();
  const submitted = await expectJson<Submitted>(await apply(client(request, me), await seeded(SEEDED.AUTO)), 201);
  await setRequest(submitted.request.id, { downloadQuotaFiles: 3, downloadQuotaBytes: 1_073_741_824n });
  await useSession(context, baseURL as string, me);
  const file = await listedFile(SEEDED.AUTO);

  await page.goto(`/models/${SEEDED.AUTO}`);
  const quota = page.getByTestId("download-quota");
  // An empty bar has no width: check the meter by its name and value, and the text beside it.
  await expect(quota.getByRole("progressbar", { name: "0 of 3 downloads used" })).toHaveAttribute("aria-valuenow", "0");
  await expect(quota).toContainText("0 of 3 downloads used");
  await expect(quota).toContainText("0 B of 1.0 GB used");

  const row = page.getByTestId("files-table").getByRole("row").filter({ hasText: file.path });
  await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: `Download ${file.path}` }).click()]);
  await page.reload();
  await expect(quota.getByRole("progressbar", { name: "1 of 3 downloads used" })).toHaveAttribute(
    "aria-valuenow",
    "33",
  );
});
