import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "../fixtures/auth";

test("a researcher signs in with the magic link from the local inbox", async ({ page }) => {
  const email = uniqueEmail();
  await signIn(page, email);
  await page.getByTestId("account-link").click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByTestId("account-role")).toHaveText("researcher");
});
