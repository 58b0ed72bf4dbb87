import { expect, test } from "@playwright/test";
import { requestMagicLink, signIn, uniqueEmail } from "../fixtures/auth";
import { withDb } from "../fixtures/db";
import { mailsFor, magicLinkIn, waitForMail } from "../fixtures/mail";

const ADMIN_EMAIL = "admin@e2e.test"; // ADMIN_EMAILS of the e2e stack (e2e/setup/global-setup.ts)

test("a fresh researcher signs in with the magic link from the local inbox", async ({ page, baseURL }) => {
  const email = uniqueEmail();
  const link = await requestMagicLink(page, email);
  await page.goto(link);

  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("account-link")).toHaveText(email);
  await page.getByTestId("account-link").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByTestId("account-role")).toHaveText("researcher");
});

test("the magic-link mail has a subject naming the host, and text and HTML parts with the link", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail();
  const link = await requestMagicLink(page, email);
  const [mail] = await mailsFor(email);
  if (!mail) throw new Error("the mail vanished from the inbox");
  const host = new URL(baseURL as string).host;

  expect(mail.subject).toBe(`Sign in to ${host}`);
  expect(new URL(link).origin).toBe(new URL(baseURL as string).origin);
  expect(mail.text).toContain(link);
  expect(mail.html).toMatch(/^<!doctype html>/i);
  // The HTML part carries the same link, HTML-escaped in its href.
  expect(mail.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
});

test("the ADMIN_EMAILS address signs in as an admin", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL);
  const header = page.getByRole("navigation", { name: "Main" });
  await expect(header.getByText("admin", { exact: true })).toBeVisible();
  await header.getByTestId("account-link").click();
  await expect(page.getByTestId("account-email")).toHaveText(ADMIN_EMAIL);
  await expect(page.getByTestId("account-role")).toHaveText("admin");

  const { role, reasons } = await withDb(async (c) => {
    const user = await c.query<{ id: string; role: string }>(`SELECT id, role FROM "User" WHERE email = $1`, [
      ADMIN_EMAIL,
    ]);
    const audit = await c.query<{ reason: string }>(
      `SELECT data->>'reason' AS reason FROM "AuditEvent" WHERE action = 'user.role_changed' AND "targetType" = 'User' AND "targetId" = $1 ORDER BY seq`,
      [user.rows[0]?.id],
    );
    return { role: user.rows[0]?.role, reasons: audit.rows.map((r) => r.reason) };
  });
  expect(role).toBe("ADMIN");
  // The seed creates ADMIN_EMAILS' first address as ADMIN (audited, reason "seed"); signing in
  // finds the role already set, so it must not append a second role change.
  expect(reasons).toEqual(["seed"]);
});

test("an anonymous visit to /account goes to sign-in and comes back to /account after signing in", async ({
  page,
  baseURL,
}) => {
  await page.goto("/account");
  const signInUrl = new URL(page.url());
  expect(signInUrl.pathname).toBe("/sign-in");
  expect(signInUrl.search).toBe("?callbackUrl=%2Faccount");

  const email = uniqueEmail();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const link = magicLinkIn(await waitForMail(email));
  expect(new URL(link).searchParams.get("callbackUrl")).toBe(`${baseURL}/account`);

  await page.goto(link);
  await expect(page).toHaveURL(`${baseURL}/account`);
  await expect(page.getByTestId("account-email")).toHaveText(email);
});

test("the sign-in form labels its field and refuses an invalid address without sending mail", async ({ page }) => {
  const invalid = `${uniqueEmail("typo").replace("@", ".")}`; // no "@": not an address
  const signInPosts: string[] = [];
  page.on(
    "request",
    (r) => r.method() === "POST" && r.url().includes("/api/auth/signin/email") && signInPosts.push(r.url()),
  );

  await page.goto("/sign-in");
  const field = page.getByRole("textbox", { name: "E-mail address" });
  await expect(field).toHaveAttribute("type", "email");
  await field.fill(invalid);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();

  const sentence = "Enter your e-mail address, such as you@university.edu.";
  await expect(page.getByText(sentence)).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(sentence);
  await expect(field).toBeFocused();
  await expect(page).toHaveURL(/\/sign-in$/);

  // Control: the same form does send once the address is valid, so the silence above is the validation's.
  const valid = uniqueEmail();
  await field.fill(valid);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await waitForMail(valid);
  expect(signInPosts).toHaveLength(1);
  const all = (await (await fetch(`${process.env.E2E_MAIL_URL}/email`)).json()) as { to: { address: string }[] }[];
  expect(all.filter((m) => m.to.some((t) => t.address.includes(invalid)))).toHaveLength(0);
  const tokens = await withDb((c) => c.query(`SELECT 1 FROM "VerificationToken" WHERE identifier = $1`, [invalid]));
  expect(tokens.rowCount).toBe(0);
});
