import { expect, test, type Page } from "@playwright/test";

const seeded = [
  { title: "Tiny character-level LM", slug: "registry-demo/tiny-char-lm", task: "text-generation" },
  { title: "Silero VAD v5", slug: "silero/silero-vad", task: "voice-activity-detection" },
  {
    title: "PP-OCR text orientation classifier",
    slug: "paddlepaddle/ppocr-text-orientation",
    task: "image-classification",
  },
];

const cards = (page: Page) => page.getByTestId("model-card");
const cardTitles = (page: Page) => cards(page).getByRole("link");

test("the catalog lists the three seeded models with their titles and slugs", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Model catalog" })).toBeVisible();
  await expect(cards(page)).toHaveCount(3);
  for (const m of seeded) {
    const card = cards(page).filter({ hasText: m.slug });
    await expect(card.getByRole("link", { name: m.title })).toHaveAttribute("href", `/models/${m.slug}`);
    await expect(card.getByText(m.task, { exact: true })).toBeVisible();
  }
});

test("searching by name shows only the matching model", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("textbox", { name: "Search by name" }).fill("vad");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=vad$/);
  await expect(cardTitles(page)).toHaveText(["Silero VAD v5"]);
  await expect(page.getByLabel("Search by name")).toHaveValue("vad");
});

test("the task buttons filter the catalog by task", async ({ page }) => {
  await page.goto("/");
  const filters = page.getByLabel("Filter by task");
  for (const m of seeded) await expect(filters.getByRole("link", { name: `${m.task} (1)` })).toBeVisible();

  await filters.getByRole("link", { name: "image-classification (1)" }).click();
  await expect(page).toHaveURL(/\?task=image-classification$/);
  await expect(cardTitles(page)).toHaveText(["PP-OCR text orientation classifier"]);

  await filters.getByRole("link", { name: "text-generation (1)" }).click();
  await expect(cardTitles(page)).toHaveText(["Tiny character-level LM"]);

  await filters.getByRole("link", { name: "All tasks" }).click();
  await expect(cards(page)).toHaveCount(3);
});

test("an unmatched search shows the empty state with a way to clear the filters", async ({ page }) => {
  await page.goto("/?q=no-such-model-anywhere");
  const empty = page.getByTestId("catalog-empty");
  await expect(empty).toContainText("No models match.");
  await expect(cards(page)).toHaveCount(0);

  await empty.getByRole("link", { name: "clear the filters" }).click();
  await expect(page.getByTestId("catalog-empty")).toHaveCount(0);
  await expect(cards(page)).toHaveCount(3);
  await expect(page.getByLabel("Search by name")).toHaveValue("");
});

test("invalid query parameters show the catalog with a notice, not an error", async ({ page }) => {
  for (const query of ["?page=abc", "?pageSize=1000", "?task=NOT%20VALID"]) {
    const response = await page.goto(`/${query}`);
    expect(response?.status(), query).toBe(200);
    const notice = page.getByRole("alert").filter({ hasText: "Some search options were ignored" });
    await expect(notice, query).toBeVisible();
    await expect(notice, query).toContainText(query.slice(1, query.indexOf("=")));
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    await expect(cards(page), query).toHaveCount(3);
  }
});

test("a NUL character in the search is refused at the edge (400 BAD_REQUEST), not the error page", async ({ page }) => {
  const response = await page.goto("/?q=vad%00");
  expect(response?.status()).toBe(400);
  expect(((await response?.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
});

test("one invalid option is dropped while the valid ones are kept", async ({ page }) => {
  await page.goto("/?q=vad&page=abc");
  await expect(page.getByRole("alert").filter({ hasText: "Some search options were ignored" })).toContainText("page");
  await expect(page.getByLabel("Search by name")).toHaveValue("vad");
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText("silero/silero-vad");
});
