// The review pages in the browser, as a reviewer: bulk approval from the queue (and a repeat from
// a stale tab that changes nothing), rejecting one request with a reason the applicant is mailed,
// moving the end of a grant then revoking it, and the model dashboard's charts and counts.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DAY_MS, daysFromNow, waitForSubject } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { assignReviewerRow, reviewWorld, type ReviewWorld } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";
import { expectNoSeriousA11yViolations } from "../support/axe";

const signInAs = (page: Page, baseURL: string | undefined, w: ReviewWorld) =>
  useSession(page.context(), baseURL as string, w.people.reviewer);

/** Uncaught errors in the page (a hydration mismatch is one): each test ends with none. */
const pageErrors: string[] = [];
const watch = (page: Page) => page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  watch(page);
});
test.afterEach(() => expect(pageErrors).toEqual([]));

/**
 * Waits until React has hydrated the element (its fiber is attached): input typed or clicked
 * before that changes the DOM but not React's state, and hydration then puts the old value back.
 */
const hydrated = (locator: Locator) =>
  expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber"))), {
      message: "hydrated",
    })
    .toBe(true);

const decisionAudit = (ids: string[]) =>
  withDb(
    async (c) =>
      (
        await c.query<{ targetId: string; action: string }>(
          `SELECT "targetId", action FROM "AuditEvent" WHERE "targetId" = ANY($1) ORDER BY seq`,
          [ids],
        )
      ).rows,
  );

test("queue: filter by model, select two pending requests, approve them at once; a repeat from a stale tab changes nothing", async ({
  page,
  context,
  baseURL,
}) => {
  const w = await reviewWorld();
  try {
    // The reviewer reviews two models; the filter narrows the queue to one.
    await assignReviewerRow(w.people.reviewer.userId, w.otherModel.id);
    const selection = [await w.request({ name: "Ada Queue" }), await w.request({ name: "Grace Queue" })];
    const elsewhere = await w.request({ on: w.otherModel, name: "Other Model Applicant" });
    const emails = await Promise.all(selection.map(async (id) => (await w.applicantOf(id)).email));
    await signInAs(page, baseURL, w);

    await page.goto("/admin/requests");
    await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
    await page.getByLabel("Model").selectOption(w.model.slug);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`model=${encodeURIComponent(w.model.slug)}`));
    const table = page.getByTestId("queue-table");
    await expect(table.getByRole("row")).toHaveCount(3); // header + two requests
    await expect(table).not.toContainText("Other Model Applicant");

    // A second tab with the same selection, left open while the first one decides.
    const stale = await context.newPage();
    watch(stale);
    await stale.goto(page.url());
    for (const p of [page, stale]) await hydrated(p.getByTestId("queue-table"));
    for (const p of [page, stale])
      for (const email of emails) await p.getByRole("checkbox", { name: `Select request of ${email}` }).check();
    await expect(page.getByText("2 selected")).toBeVisible();

    await page.getByRole("button", { name: "Approve selected" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "2 decided, 0 unchanged, 0 failed" })).toBeVisible();
    // Both left the pending queue (the page refreshed itself).
    await expect(page.getByText("No request is waiting for a decision with these filters.")).toBeVisible();
    await expect(page.getByTestId("queue-total")).toHaveText("0 pending requests");
    for (const id of selection)
      expect(await w.requestRow(id)).toMatchObject({ status: "APPROVED", decidedById: w.people.reviewer.userId });
    expect((await w.requestRow(elsewhere))?.status).toBe("PENDING");
    const audit = await decisionAudit(selection);

    await stale.getByRole("button", { name: "Approve selected" }).click();
    const repeat = stale.getByRole("alert").filter({ hasText: "0 decided, 2 unchanged, 0 failed" });
    await expect(repeat).toBeVisible();
    await expect(repeat).toContainText("already approved (decided by E2E Researcher)");
    expect(await decisionAudit(selection)).toEqual(audit);
    expect(audit.map((a) => a.action)).toEqual(["access_request.approved", "access_request.approved"]);
    await stale.close();
  } finally {
    await w.remove();
  }
});

test("queue: Next and Previous page by cursor with the filters kept; a bad cursor in the address shows the first page", async ({
  page,
  baseURL,
}) => {
  const w = await reviewWorld();
  try {
    // Four requests, oldest first by creation: three in the filtered affiliation, one not.
    const lab = `Cursor Lab ${w.domain}`;
    for (const [name, affiliation] of [
      ["Page One", lab],
      ["Not In Lab", "Elsewhere"],
      ["Page Two", lab],
      ["Page Three", lab],
    ])
      await w.request({ name, affiliation });
    await signInAs(page, baseURL, w);
    const table = page.getByTestId("queue-table");
    const shows = async (name: string) => {
      await expect(table.getByRole("row")).toHaveCount(2); // header + one request
      await expect(table).toContainText(name);
    };
    const button = (name: string) => page.getByRole("link", { name, exact: true });

    await page.goto(
      `/admin/requests?model=${encodeURIComponent(w.model.slug)}&affiliation=${encodeURIComponent(lab)}&pageSize=1`,
    );
    await shows("Page One");
    await expect(page.getByTestId("queue-total")).toHaveText("3 pending requests");
    await expect(button("Previous")).toHaveCount(0);
    await button("Next").click();
    await shows("Page Two");
    // Between first and last page, the pagination is a navigation landmark named "Pages", and axe passes.
    await expect(page.getByRole("navigation", { name: "Pages" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await button("Next").click();
    await shows("Page Three");
    await expect(button("Next")).toHaveCount(0);
    await button("Previous").click();
    await shows("Page Two");
    await expect(page).toHaveURL(/cursor=/);
    await button("First").click();
    await shows("Page One");
    await expect(page).not.toHaveURL(/cursor=/);
    await expect(page.getByTestId("queue-total")).toHaveText("3 pending requests");

    await page.goto(`${page.url()}&cursor=not-a-cursor`);
    await expect(page.getByRole("alert").filter({ hasText: "That page does not exist" })).toBeVisible();
    await shows("Page One");
  } finally {
    await w.remove();
  }
});

test("request page: reject with a reason code and a message; the applicant is mailed the message", async ({
  page,
  baseURL,
}) => {
  const w = await reviewWorld();
  try {
    const id = await w.request({ name: "Reject Me" });
    const applicant = await w.applicantOf(id);
    await signInAs(page, baseURL, w);
    await page.goto(`/admin/requests/${id}`);
    await expect(page.getByTestId("request-status")).toHaveText("pending");
    await expect(page.getByRole("heading", { name: `Request for ${w.model.slug}` })).toBeVisible();

    const reject = page.getByRole("form", { name: "Reject" });
    await hydrated(reject);
    await reject.getByLabel("Reason").selectOption("COMMERCIAL_USE");
    const submit = reject.getByRole("button", { name: "Reject", exact: true });
    await expect(submit).toBeDisabled(); // a message is required
    await reject.getByLabel("Message to the applicant").fill("This license does not cover use at a company.");
    await submit.click();

    await expect(page.getByTestId("request-status")).toHaveText("rejected");
    await expect(page.getByText("Reason given: This license does not cover use at a company.")).toBeVisible();
    expect(await w.requestRow(id)).toMatchObject({
      status: "REJECTED",
      reasonCode: "COMMERCIAL_USE",
      decidedById: w.people.reviewer.userId,
    });
    const mail = await waitForSubject(applicant.email, `Access rejected: ${w.model.slug}`);
    expect(mail.text).toContain("Reason: This license does not cover use at a company.");
  } finally {
    await w.remove();
  }
});

test("request page: change the end of a grant, then revoke it with a reason", async ({ page, baseURL }) => {
  const w = await reviewWorld();
  try {
    const id = await w.request({ status: "APPROVED", name: "Granted Person" });
    const applicant = await w.applicantOf(id);
    await signInAs(page, baseURL, w);
    await page.goto(`/admin/requests/${id}`);
    await expect(page.getByTestId("request-status")).toHaveText("approved");

    await hydrated(page.getByTestId("decision-panel"));
    const day = new Date(Date.now() + 200 * DAY_MS).toISOString().slice(0, 10);
    await page.getByLabel("New end date").fill(day);
    await page.getByRole("button", { name: "Change end date" }).click();
    const shown = new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
      year: "numeric",
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    });
    await expect(page.getByText(`expires ${shown}`)).toBeVisible();
    expect((await w.requestRow(id))?.expiresAt?.toISOString()).toBe(`${day}T23:59:59.000Z`);
    await waitForSubject(applicant.email, `Your access to ${w.model.slug} was extended until ${shown}`);

    const revoke = page.getByRole("form", { name: "Revoke" });
    const button = revoke.getByRole("button", { name: "Revoke grant" });
    await expect(button).toBeDisabled();
    await revoke.getByLabel("Reason for revoking").fill("Weights were shared outside the group.");
    page.once("dialog", (d) => void d.accept());
    await button.click();
    await expect(page.getByTestId("request-status")).toHaveText("revoked");
    await expect(page.getByText("Reason given: Weights were shared outside the group.")).toBeVisible();
    // Nothing left to do on a revoked grant.
    await expect(page.getByTestId("decision-panel")).toHaveCount(0);
    expect(await w.requestRow(id)).toMatchObject({
      status: "REVOKED",
      reasonText: "Weights were shared outside the group.",
    });
    expect((await w.auditOf(id)).map((a) => a.action)).toEqual(["access_request.extended", "access_request.revoked"]);
  } finally {
    await w.remove();
  }
});

test("model dashboard: counts by status, median time to decision, the approvals chart", async ({ page, baseURL }) => {
  const w = await reviewWorld();
  try {
    await w.request();
    for (let i = 0; i < 3; i++) {
      // Decided by the reviewer two days ago, 10 hours after submission.
      const decidedAt = daysFromNow(-2);
      await w.request({
        status: "APPROVED",
        decidedAt,
        createdAt: new Date(decidedAt.getTime() - 10 * 3_600_000),
        decidedById: w.people.reviewer.userId,
      });
    }
    await w.request({ status: "EXPIRED" });
    await signInAs(page, baseURL, w);
    await page.goto(`/admin/models/${w.model.slug}`);
    await expect(page.getByRole("heading", { name: w.model.title, level: 1 })).toBeVisible();

    const stat = (label: string) => page.locator(`[data-testid="stat"][data-label="${label}"]`);
    const expected = {
      pending: "1",
      approved: "3",
      rejected: "0",
      withdrawn: "0",
      expired: "1",
      revoked: "0",
      "median time to decision": "10 h",
    };
    for (const [label, value] of Object.entries(expected)) await expect(stat(label)).toContainText(value);

    // The three approved grants and the expired one were all approved two days ago: four approvals.
    const approvals = page.getByRole("img", { name: /^Approvals: 4 approvals in the last 90 days$/ });
    await expect(approvals).toBeVisible();
    await expect(approvals.locator("svg").first()).toBeVisible();
    await expect(page.getByTestId("downloads-chart")).toContainText("No downloads in this period.");
    await expect(page.getByTestId("download-totals")).toHaveText("All time: 0 download URLs issued to 0 people.");

    await page.getByRole("link", { name: "7 days" }).click();
    await expect(page.getByRole("img", { name: "Approvals: 4 approvals in the last 7 days" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open queue for this model" })).toHaveAttribute(
      "href",
      `/admin/requests?model=${encodeURIComponent(w.model.slug)}`,
    );
  } finally {
    await w.remove();
  }
});
