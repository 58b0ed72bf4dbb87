// The account's API tokens page: create a token (shown once), use it as Bearer, revoke it (then 401).
import { expect, test } from "@playwright/test";
import { expectError, person } from "../fixtures/access-world";
import { hydrated } from "../fixtures/audit";
import { useSession } from "../fixtures/session";

test("a researcher creates a token shown once, uses it as Bearer, revokes it, and it then gets 401", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  await page.goto("/account");
  // A click on the link before React has hydrated it was lost once in CI (the page stayed on /account).
  const tokensLink = page.getByRole("link", { name: "API tokens" });
  await hydrated(tokensLink);
  await tokensLink.click();
  await expect(page).toHaveURL(/\/account\/tokens$/);
  await expect(page.getByTestId("tokens-empty")).toBeVisible();

  const form = page.getByRole("form", { name: "Create a token" });
  // Admin scope is offered to admins only.
  await expect(form.getByLabel("Scope").locator("option")).toHaveText(["read: read and download"]);
  await form.getByLabel("Name").fill("e2e laptop");
  await form.getByLabel("Expires in (days)").fill("7");
  await form.getByRole("button", { name: "Create token" }).click();

  const value = page.getByTestId("new-token-value");
  await expect(value).toHaveText(/^hf_[0-9A-Za-z]{37}$/);
  const token = (await value.textContent()) as string;
  const row = page.getByTestId(`token-row-${token.slice(0, 9)}`);
  await expect(row).toContainText("e2e laptop");
  await expect(row).toContainText("read");
  await expect(row.getByTestId("token-status")).toHaveText("active");

  const bearer = { authorization: `Bearer ${token}` };
  const listed = await request.get("/api/v1/me/tokens", { headers: bearer });
  expect(listed.status()).toBe(200);
  expect(((await listed.json()) as { tokens: { prefix: string }[] }).tokens.map((t) => t.prefix)).toEqual([
    token.slice(0, 9),
  ]);

  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByTestId("new-token-value")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(row).toContainText(`${token.slice(0, 9)}…`);
  await expect(row.getByRole("cell").nth(4)).not.toHaveText("never");

  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Revoke e2e laptop" }).click();
  await expect(row.getByTestId("token-status")).toHaveText("revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expectError(await request.get("/api/v1/me/tokens", { headers: bearer }), 401, "UNAUTHORIZED");
});

test("an admin is offered the admin scope", async ({ page, context, baseURL }) => {
  await useSession(context, baseURL as string, await person({ role: "ADMIN" }));
  await page.goto("/account/tokens");
  await expect(page.getByRole("form", { name: "Create a token" }).getByLabel("Scope").locator("option")).toHaveText([
    "read: read and download",
    "admin: everything you can do",
  ]);
});
