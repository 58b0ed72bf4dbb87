// Two journeys with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing; no click, no
// focus() call): a researcher requests access, accepts the license and downloads a file; a reviewer
// approves a pending request. Each ends with what the database recorded.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { person, SEEDED } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { reviewWorld } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";

/** Presses Tab until `target` has focus; fails if it is not reachable within `max` presses. */
const tabTo = async (page: Page, target: Locator, max = 60) => {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, "reachable with Tab").toBeFocused();
};

/** Waits until React has hydrated the element: keys pressed before that reach no handler. */
const hydrated = (locator: Locator) =>
  expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber"))), {
      message: "hydrated",
    })
    .toBe(true);

test("keyboard only: request access, accept the license, download a file", async ({ page, context, baseURL }) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  await page.goto(`/models/${SEEDED.AUTO}`);

  await tabTo(page, page.getByTestId("access-action"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/models/${SEEDED.AUTO}/request$`));

  const use = page.getByLabel("Intended use");
  await hydrated(use);
  await tabTo(page, use);
  await page.keyboard.type("Benchmarking text orientation on scanned pages.");
  const accept = page.getByLabel("I have read this license and accept its terms.");
  await tabTo(page, accept);
  await page.keyboard.press("Space");
  await expect(accept).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Accept the license and submit the request" }));
  await page.keyboard.press("Enter");

  await expect(page.getByTestId("access-panel")).toHaveAttribute("data-code", "GRANTED");
  const download = page.getByRole("link", { name: /^Download / }).first();
  await tabTo(page, download);
  const [saved] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(saved.suggestedFilename()).not.toBe("");

  const recorded = await withDb(async (c) => ({
    requests: (await c.query(`SELECT status FROM "AccessRequest" WHERE "userId" = $1`, [me.userId])).rows,
    acceptances: (await c.query(`SELECT id FROM "LicenseAcceptance" WHERE "userId" = $1`, [me.userId])).rowCount,
    downloads: (await c.query(`SELECT channel::text FROM "DownloadEvent" WHERE "userId" = $1`, [me.userId])).rows,
  }));
  expect(recorded).toEqual({ requests: [{ status: "APPROVED" }], acceptances: 1, downloads: [{ channel: "WEB" }] });
});

test("keyboard only: a reviewer selects a pending request in the queue and approves it", async ({
  page,
  context,
  baseURL,
}) => {
  const w = await reviewWorld();
  try {
    const id = await w.request({ name: "Keyboard Applicant" });
    const { email } = await w.applicantOf(id);
    await useSession(context, baseURL as string, w.people.reviewer);
    await page.goto(`/admin/requests?model=${encodeURIComponent(w.model.slug)}`);

    const select = page.getByRole("checkbox", { name: `Select request of ${email}` });
    await hydrated(select);
    await tabTo(page, select);
    await page.keyboard.press("Space");
    await expect(page.getByText("1 selected")).toBeVisible();
    // The bulk buttons sit above the table: back with Shift+Tab.
    const approve = page.getByRole("button", { name: "Approve selected" });
    for (let i = 0; i < 20 && !(await approve.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("Shift+Tab");
    await expect(approve).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(page.getByRole("alert").filter({ hasText: "1 decided, 0 unchanged, 0 failed" })).toBeVisible();
    expect(await w.requestRow(id)).toMatchObject({ status: "APPROVED", decidedById: w.people.reviewer.userId });
  } finally {
    await w.remove();
  }
});
