import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "../fixtures/auth";
import { sessionCount } from "../fixtures/session";

test("signing out returns to the catalog signed out and deletes the session row", async ({ page, baseURL }) => {
  const email = uniqueEmail();
  await signIn(page, email);
  expect(await sessionCount(email)).toBe(1);

  const header = page.getByRole("navigation", { name: "Main" });
  await header.getByRole("button", { name: "Sign out" }).click();

  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { name: "Model catalog" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByTestId("account-link")).toHaveCount(0);
  await expect.poll(() => sessionCount(email)).toBe(0);

  // And the account page now asks to sign in again.
  await page.goto("/account");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
});
