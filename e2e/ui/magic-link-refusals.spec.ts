import { expect, test, type Page } from "@playwright/test";
import { requestMagicLink, uniqueEmail } from "../fixtures/auth";
import { withDb } from "../fixtures/db";
import { sessionCount } from "../fixtures/session";

const tokenCount = (email: string) =>
  withDb(
    async (c) => (await c.query(`SELECT 1 FROM "VerificationToken" WHERE identifier = $1`, [email])).rowCount ?? 0,
  );

const expectRefusedAndSignedOut = async (page: Page) => {
  await expect(page).toHaveURL(/\/sign-in\/error\?error=Verification$/);
  await expect(page.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Get a new sign-in link" })).toHaveAttribute("href", "/sign-in");
  const header = page.getByRole("navigation", { name: "Main" });
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByTestId("account-link")).toHaveCount(0);
};

test("a magic link works once: the token is consumed and a second use is refused", async ({ page, browser }) => {
  const email = uniqueEmail();
  const link = await requestMagicLink(page, email);
  expect(await tokenCount(email)).toBe(1);

  await page.goto(link);
  await expect(page.getByTestId("account-link")).toHaveText(email);
  expect(await tokenCount(email)).toBe(0);

  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await second.goto(link);
    await expectRefusedAndSignedOut(second);
    expect(await sessionCount(email)).toBe(1); // only the first use's session
  } finally {
    await other.close();
  }
});

test("an expired magic link is refused and creates no session", async ({ page }) => {
  const email = uniqueEmail();
  const link = await requestMagicLink(page, email);
  const updated = await withDb((c) =>
    c.query(`UPDATE "VerificationToken" SET expires = now() - interval '1 minute' WHERE identifier = $1`, [email]),
  );
  expect(updated.rowCount).toBe(1);

  await page.goto(link);
  await expectRefusedAndSignedOut(page);
  expect(await sessionCount(email)).toBe(0);
});
