// The admin audit page in the browser: filters (action exact and prefix, actor e-mail, model,
// dates), the empty state and Older pages; Export CSV with the page's filters (and its own audit
// row); Verify chain before and after one stored row is edited behind the app's back; and the
// page and its verification refused to a reviewer. Every audit row looked at was written by the app.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { client, expectError, person } from "../fixtures/access-world";
import {
  auditCount,
  auditRows,
  auditWorld,
  hydrated,
  newestFirst,
  parseCsv,
  shownSeqs,
  tamperWithData,
  type StoredAuditRow,
} from "../fixtures/audit";
import { useSession } from "../fixtures/session";
import { expectNoSeriousA11yViolations } from "../support/axe";

/** Uncaught errors in the page (a hydration mismatch is one): each test ends with none. */
const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

type Filters = Partial<Record<"actor" | "action" | "model" | "from" | "to", string>>;
const labels = {
  actor: "Actor",
  action: "Action",
  model: "Model",
  from: "From (UTC)",
  to: "To (UTC, inclusive)",
} as const;

/** Fills the filter form on a fresh /admin/audit, applies it, and waits for the address to carry the filters. */
const applyFilters = async (page: Page, filters: Filters) => {
  await page.goto("/admin/audit");
  const form = page.getByRole("form", { name: "Filter audit events" });
  await hydrated(form.getByLabel("Action", { exact: true }));
  for (const [key, label] of Object.entries(labels)) {
    const value = filters[key as keyof Filters];
    if (value === undefined) continue;
    await form.getByLabel(label, { exact: true }).fill(value);
    // The action field's suggestions would cover the button.
    if (key === "action") await page.keyboard.press("Escape");
  }
  await form.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((u) => Object.entries(filters).every(([k, v]) => u.searchParams.get(k) === v));
};

const seqs = (rows: StoredAuditRow[]) => newestFirst(rows).map((r) => r.seq);
const expectShown = (page: Page, rows: StoredAuditRow[]) =>
  expect.poll(() => shownSeqs(page), { message: "rows shown" }).toEqual(seqs(rows));

test("filters by action (exact and prefix), actor e-mail, model and dates; the empty state", async ({
  page,
  baseURL,
  request,
}) => {
  test.slow(); // eight filtered page loads, each waiting for hydration
  const w = await auditWorld(request);
  try {
    await useSession(page.context(), baseURL as string, w.people.admin);
    const slug = w.model.slug;
    const reviewer = w.people.reviewer;
    const by = (pred: (r: StoredAuditRow) => boolean) => w.rows.filter(pred);

    await test.step("action, exact, with the model", async () => {
      await applyFilters(page, { action: "access_request.approved", model: slug });
      const approved = by((r) => r.action === "access_request.approved");
      expect(approved.map((r) => r.targetId)).toEqual([w.requests[0], w.requests[2]]);
      await expectShown(page, approved);
      for (const row of await page.getByTestId("audit-row").all()) {
        await expect(row).toContainText(reviewer.email);
        await expect(row).toContainText(slug);
      }
    });

    await test.step("action prefix access_request. leaves the license acceptances out", async () => {
      await applyFilters(page, { action: "access_request.", model: slug });
      await expectShown(
        page,
        by((r) => r.action.startsWith("access_request.")),
      );
      await expect(page.getByTestId("audit-row").filter({ hasText: "license.accepted" })).toHaveCount(0);
    });

    await test.step("actor by e-mail (in another case), no other filter: the reviewer's three decisions", async () => {
      await applyFilters(page, { actor: reviewer.email.toUpperCase() });
      await expectShown(
        page,
        by((r) => r.actorId === reviewer.userId),
      );
    });

    await test.step("actor by e-mail: one applicant's acceptance and application", async () => {
      const applicant = w.applicants[1]!;
      await applyFilters(page, { actor: applicant.email });
      const own = by((r) => r.actorId === applicant.userId);
      expect(own.map((r) => r.action)).toEqual(["license.accepted", "access_request.submitted"]);
      await expectShown(page, own);
    });

    const between = w.between.toISOString();
    await test.step("from a moment: only the decisions", async () => {
      await applyFilters(page, { model: slug, from: between });
      await expectShown(
        page,
        by((r) => r.ms >= w.between.getTime()),
      );
      expect(by((r) => r.ms >= w.between.getTime())).toHaveLength(3);
    });

    await test.step("up to a moment: only the applications", async () => {
      await applyFilters(page, { model: slug, to: between });
      await expectShown(
        page,
        by((r) => r.ms <= w.between.getTime()),
      );
      expect(by((r) => r.ms <= w.between.getTime())).toHaveLength(6);
    });

    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    await test.step("whole days (UTC, 'to' inclusive): all nine", async () => {
      await applyFilters(page, { model: slug, from: day(w.rows[0]!.ms), to: day(w.rows.at(-1)!.ms) });
      await expectShown(page, w.rows);
    });

    await test.step("nothing matches: the empty state", async () => {
      await applyFilters(page, { model: slug, to: day(w.rows[0]!.ms - 86_400_000) });
      await expect(page.getByTestId("audit-empty")).toHaveText("No audit events match these filters.");
      await expect(page.getByTestId("audit-row")).toHaveCount(0);
      await applyFilters(page, { model: slug, action: "access_request.withdrawn" });
      await expect(page.getByTestId("audit-empty")).toHaveText("No audit events match these filters.");
      await expect(page.getByTestId("audit-older")).toHaveCount(0);
    });
  } finally {
    await w.remove();
  }
});

test("the Data column: a one-line summary per row, opened to the pretty-printed JSON; rows stay one line high", async ({
  page,
  baseURL,
  request,
}) => {
  const w = await auditWorld(request);
  try {
    await useSession(page.context(), baseURL as string, w.people.admin);
    await page.goto(`/admin/audit?model=${encodeURIComponent(w.model.slug)}`);
    await expectShown(page, w.rows);
    // Nine rows: the page grows with the rows, not with the size of their data (a row is a line or two).
    for (const row of await page.getByTestId("audit-row").all())
      expect((await row.boundingBox())?.height).toBeLessThan(90);

    const rejected = w.rows.find((r) => r.action === "access_request.rejected")!;
    const row = page.getByTestId("audit-row").filter({ hasText: "access_request.rejected" });
    const cell = row.getByTestId("audit-data");
    const json = cell.locator("pre");
    await expect(json).toBeHidden();
    await cell.locator("summary").click();
    await expect(json).toBeVisible();
    const text = (await json.textContent()) ?? "";
    expect(text).toBe(JSON.stringify(rejected.data, null, 2));
    expect(JSON.parse(text)).toEqual(rejected.data);
  } finally {
    await w.remove();
  }
});

test("Older pages at the default page size (50), then Newest", async ({ page, baseURL, request }) => {
  const admin = await person({ role: "ADMIN" });
  await useSession(page.context(), baseURL as string, admin);
  // 55 rows of this admin's own, through the app: exports that match nothing are audited all the same.
  const api = client(request, admin);
  for (let i = 0; i < 55; i++)
    expect((await api.get(`/api/v1/admin/audit/export?model=e2e-private/none-${i}`)).status()).toBe(200);
  const all = seqs(await auditRows(`"actorId" = $1 AND action = 'audit.exported'`, [admin.userId]));
  expect(all).toHaveLength(55);

  await applyFilters(page, { actor: admin.email, action: "audit.exported" });
  await expect.poll(() => shownSeqs(page)).toEqual(all.slice(0, 50));
  await expect(page.getByRole("link", { name: "Newest" })).toHaveCount(0);
  await page.getByTestId("audit-older").click();
  await page.waitForURL((u) => u.searchParams.get("before") === all[49] && u.searchParams.get("actor") === admin.email);
  await expect.poll(() => shownSeqs(page)).toEqual(all.slice(50));
  await expect(page.getByTestId("audit-older")).toHaveCount(0);
  await page.getByRole("link", { name: "Newest" }).click();
  await page.waitForURL((u) => !u.searchParams.has("before") && u.searchParams.get("action") === "audit.exported");
  await expect.poll(() => shownSeqs(page)).toEqual(all.slice(0, 50));
});

test("Older and Newest keep a page size given in the address (?pageSize=4)", async ({ page, baseURL, request }) => {
  const w = await auditWorld(request);
  try {
    await useSession(page.context(), baseURL as string, w.people.admin);
    const all = seqs(w.rows);
    await page.goto(`/admin/audit?model=${encodeURIComponent(w.model.slug)}&pageSize=4`);
    await expect.poll(() => shownSeqs(page)).toEqual(all.slice(0, 4));
    await page.getByTestId("audit-older").click();
    await page.waitForURL((u) => u.searchParams.get("before") === all[3]);
    await expect.poll(() => shownSeqs(page)).toEqual(all.slice(4, 8));
    // With both Older and Newest, the pagination is a navigation landmark named "Pages" (aria-label on a
    // plain div is prohibited ARIA), and the page passes axe.
    await expect(page.getByRole("navigation", { name: "Pages" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId("audit-older").click();
    await page.waitForURL((u) => u.searchParams.get("before") === all[7]);
    await expect.poll(() => shownSeqs(page)).toEqual(all.slice(8));
    await expect(page.getByTestId("audit-older")).toHaveCount(0);
    await page.getByRole("link", { name: "Newest" }).click();
    await page.waitForURL((u) => !u.searchParams.has("before"));
    await expect.poll(() => shownSeqs(page)).toEqual(all.slice(0, 4));
    // A cursor that names no row (a stale or edited address) starts again from the newest, and says so.
    await page.goto(`/admin/audit?model=${encodeURIComponent(w.model.slug)}&pageSize=4&before=999999999999`);
    await expect(page.getByRole("alert").filter({ hasText: "That page does not exist" })).toBeVisible();
    await expect.poll(() => shownSeqs(page)).toEqual(all.slice(0, 4));
  } finally {
    await w.remove();
  }
});

test("Export CSV carries the filters: exactly the filtered rows, as an attachment, and the export is audited", async ({
  page,
  baseURL,
  request,
}) => {
  const w = await auditWorld(request);
  try {
    const admin = w.people.admin;
    await useSession(page.context(), baseURL as string, admin);
    const to = w.between.toISOString();
    await page.goto(
      `/admin/audit?model=${encodeURIComponent(w.model.slug)}&action=access_request.&to=${encodeURIComponent(to)}`,
    );
    const expected = w.rows.filter((r) => r.action === "access_request.submitted");
    await expectShown(page, expected);

    const link = page.getByTestId("export-csv");
    const href = (await link.getAttribute("href")) as string;
    const params = new URL(href, baseURL).searchParams;
    expect(Object.fromEntries(params)).toEqual({ model: w.model.slug, action: "access_request.", to });

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");

    // The same address fetched with the admin's cookie: its headers, and the same rows.
    const res = await client(request, admin).get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/csv\b/);
    expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="?audit-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect(await res.text()).toBe(csv);

    const [header, ...records] = parseCsv(csv);
    const columns = [
      "seq",
      "createdAt",
      "actorId",
      "actorEmail",
      "action",
      "modelId",
      "modelSlug",
      "targetType",
      "targetId",
      "data",
      "prevHash",
      "hash",
    ];
    expect(header).toEqual(columns);
    const rows = records.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
    // Oldest first: the three applications, by their applicants, nothing else.
    expect(rows.map((r) => [r.seq, r.action, r.targetType, r.targetId, r.actorEmail, r.modelSlug])).toEqual(
      expected.map((e, i) => [
        e.seq,
        "access_request.submitted",
        "AccessRequest",
        w.requests[i],
        w.applicants[i]!.email,
        w.model.slug,
      ]),
    );
    for (const [i, r] of rows.entries()) {
      expect(r.createdAt).toBe(new Date(expected[i]!.ms).toISOString());
      expect(JSON.parse(r.data as string)).toEqual(expected[i]!.data);
    }

    // Each export (the click and the fetch) wrote its own row, with the filters as the domain read them.
    const exports = await auditRows(`"actorId" = $1 AND action = 'audit.exported'`, [admin.userId]);
    const filters = {
      model: w.model.slug,
      action: "access_request.*",
      until: new Date(w.between.getTime() + 1).toISOString(),
    };
    expect(exports.map((e) => [e.targetType, e.targetId, e.data])).toEqual([
      ["AuditLog", "csv", { filters }],
      ["AuditLog", "csv", { filters }],
    ]);
    // …which the page lists too.
    await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}&action=audit.exported`);
    await expectShown(page, exports);
  } finally {
    await w.remove();
  }
});

test("Verify chain: intact, then broken at exactly the row edited in the database, intact again once restored", async ({
  page,
  baseURL,
  request,
}) => {
  const w = await auditWorld(request);
  try {
    const admin = w.people.admin;
    await useSession(page.context(), baseURL as string, admin);
    await page.goto(`/admin/audit?model=${encodeURIComponent(w.model.slug)}`);
    const button = page.getByRole("button", { name: "Verify chain" });
    const outcome = page.getByTestId("verify-outcome");
    await hydrated(button);

    /** Clicks and returns the number of rows the outcome names, checked against the log's size. */
    const verifyIntact = async () => {
      const before = await auditCount();
      await button.click();
      await expect(outcome).toContainText(/^Chain intact: \d+ rows checked/);
      const checked = Number(/Chain intact: (\d+) rows checked/.exec((await outcome.textContent()) ?? "")?.[1]);
      // The whole log as it stood when the walk began: at least every row there before the click.
      expect(checked).toBeGreaterThanOrEqual(before);
      expect(checked).toBeLessThanOrEqual(await auditCount());
      await expect(outcome).toContainText(/Up to row #\d+\./);
    };
    await verifyIntact();

    const rejected = w.rows.find((r) => r.action === "access_request.rejected") as StoredAuditRow;
    expect(rejected.targetId).toBe(w.requests[1]);
    const tamper = await tamperWithData(
      rejected.seq,
      `jsonb_set(data, '{reason}', '"Audit page spec: approved after all."')`,
    );
    try {
      expect(JSON.parse(tamper.original)).toEqual(rejected.data);
      const rowsBefore = await auditCount(`seq < $1`, [rejected.seq]);
      await button.click();
      await expect(outcome).toContainText(`Chain broken at row #${rejected.seq} (hash_mismatch)`);
      await expect(outcome).toContainText(`${rowsBefore} rows before it verify; its content does not match its hash.`);
    } finally {
      await tamper.restore();
    }
    await verifyIntact();

    // Each run is audited with its result.
    const runs = await auditRows(`"actorId" = $1 AND action = 'audit.verified'`, [admin.userId]);
    expect(runs.map((r) => (r.data as { ok: boolean }).ok)).toEqual([true, false, true]);
    expect(runs[1]).toMatchObject({
      targetType: "AuditLog",
      targetId: rejected.seq,
      data: { firstBadSeq: rejected.seq, reason: "hash_mismatch" },
    });
  } finally {
    await w.remove();
  }
});

test("a reviewer gets the 404 page for /admin/audit, and 404 from verification and export, which write nothing", async ({
  page,
  baseURL,
  request,
}) => {
  const w = await auditWorld(request);
  try {
    const reviewer = w.people.reviewer;
    const before = await w.footprint();
    const ranBefore = await auditCount(`"actorId" = $1 AND action IN ('audit.verified', 'audit.exported')`, [
      reviewer.userId,
    ]);
    expect(ranBefore).toBe(0);

    await useSession(page.context(), baseURL as string, reviewer);
    const res = await page.goto(`/admin/audit?model=${encodeURIComponent(w.model.slug)}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText("There is nothing here, or you are not allowed to see it.")).toBeVisible();
    await expect(page.getByTestId("audit-row")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Verify chain" })).toHaveCount(0);
    await expect(page.getByTestId("export-csv")).toHaveCount(0);

    const api = client(request, reviewer);
    await expectError(await api.post("/api/v1/admin/audit/verification"), 404, "NOT_FOUND");
    await expectError(
      await api.get(`/api/v1/admin/audit/export?model=${encodeURIComponent(w.model.slug)}`),
      404,
      "NOT_FOUND",
    );
    // The same POST from the reviewer's browser (cookie, same origin) is refused alike.
    const fromPage = await page.evaluate(async () => {
      const r = await fetch("/api/v1/admin/audit/verification", { method: "POST" });
      return { status: r.status, body: (await r.json()) as { error?: { code?: string } } };
    });
    expect(fromPage).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });

    expect(
      await auditCount(`"actorId" = $1 AND action IN ('audit.verified', 'audit.exported')`, [reviewer.userId]),
    ).toBe(0);
    expect(await w.footprint()).toEqual(before);
  } finally {
    await w.remove();
  }
});
