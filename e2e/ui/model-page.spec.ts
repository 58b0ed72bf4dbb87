import { expect, test } from "@playwright/test";
import { uniqueEmail } from "../fixtures/auth";
import { withDb } from "../fixtures/db";
import { createModel } from "../fixtures/models";
import { createSession, useSession } from "../fixtures/session";

test("a model page shows the title, the card rendered from Markdown, the files and the license", async ({ page }) => {
  const response = await page.goto("/models/silero/silero-vad");
  expect(response?.status()).toBe(200);
  // One h1: the card's own Markdown title is demoted to an h2 inside the card.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(["Silero VAD v5"]);
  await expect(page.getByTestId("license-badge")).toContainText("MIT License");

  const card = page.getByRole("article", { name: "Model card" });
  await expect(card.getByRole("heading", { level: 2, name: "Silero VAD v5" })).toBeVisible();
  await expect(card.getByRole("heading", { level: 3, name: "Inputs and outputs" })).toBeVisible();
  const cardTable = card.getByRole("table");
  await expect(cardTable.getByRole("columnheader")).toHaveText(["name", "type", "shape"]);
  await expect(cardTable.getByRole("row").filter({ hasText: "stateN" })).toBeVisible();
  await expect(card.getByText("MIT License")).toHaveJSProperty("tagName", "STRONG");
  await expect(card).not.toContainText("| --- |");

  const { sha256, size } = await withDb(async (c) => {
    const { rows } = await c.query<{ sha256: string; size: string }>(
      `SELECT f.sha256, f.size::text AS size FROM "ModelFile" f JOIN "Model" m ON m."latestVersionId" = f."versionId"
       WHERE m.slug = 'silero/silero-vad' AND f.path = 'silero_vad.onnx'`,
    );
    if (!rows[0]) throw new Error("seeded silero_vad.onnx not found");
    return rows[0];
  });
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(Number(size)).toBe(2_327_524);

  const row = page.getByTestId("files-table").getByRole("row").filter({ hasText: "silero_vad.onnx" });
  const cells = row.getByRole("cell");
  await expect(cells).toHaveText(["silero_vad.onnx", "2.2 MB", `${sha256.slice(0, 12)}…`]);
  await expect(cells.nth(2)).toHaveAttribute("title", sha256);
});

test("an unknown model answers 404 with the not-found page", async ({ page }) => {
  const response = await page.goto("/models/nobody/nothing");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the catalog" })).toHaveAttribute("href", "/");
});

test("model card Markdown cannot run script or carry javascript: links", async ({ page, context, baseURL }) => {
  const hostile = [
    "# Hostile card heading",
    "",
    `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`,
    "",
    "A [link](javascript:alert(1)) and a [safe link](https://example.org/).",
  ].join("\n");
  // A model of its own, PRIVATE so other specs' anonymous catalogs do not see it; an admin may view it.
  const model = await createModel({ cardMarkdown: hostile });
  try {
    await useSession(context, baseURL as string, await createSession(uniqueEmail("admin"), "ADMIN"));
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    const response = await page.goto(`/models/${model.slug}`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    const card = page.getByRole("article", { name: "Model card" });
    await expect(card.getByRole("heading", { name: "Hostile card heading" })).toBeVisible();
    await expect(card.getByRole("link", { name: "safe link" })).toHaveAttribute("href", "https://example.org/");
    await expect(card).toContainText("A link and a safe link");

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
    await expect(page.locator("[onerror]")).toHaveCount(0);
    await expect(card.locator("script, img")).toHaveCount(0);
    expect(dialogs).toEqual([]);
  } finally {
    await model.remove();
  }
});
