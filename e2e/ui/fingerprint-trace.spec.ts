// The admin trace page in a real browser: a grantee downloads their marked copy of the char-LM; an
// admin uploads it (and an fp16 round-trip of it) and the page names the grant with the user,
// evidence and downloads; random bytes find nothing; a multi-MiB upload reaches the route whole
// (past the proxy's JSON-sized body copy). Non-admins, reviewers included, get 404 on the page and
// the API, and no audit row is written for them.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { castF16 } from "../../lib/fingerprint/attacks";
import { apply, client, expectError, expectJson, person, type Person } from "../fixtures/access-world";
import { hydrated } from "../fixtures/audit";
import { downloadCopy, fingerprintedCharLm, tracedBy } from "../fixtures/fingerprint";
import { assignReviewerRow } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";

const TRACE = "/api/v1/admin/fingerprints/traces";
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

/** Uploads `bytes` as `name` on the trace page and waits for the verdict. */
const traceOnPage = async (page: Page, name: string, bytes: Uint8Array) => {
  await page.locator('input[type="file"]').setInputFiles({
    name,
    mimeType: "application/octet-stream",
    buffer: Buffer.from(bytes),
  });
  await page.getByTestId("trace-submit").click();
  const result = page.getByTestId("trace-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText(name);
  return result;
};

const shoot = async (page: Page, name: string) => {
  // Looked at by hand (E2E_SCREENSHOTS=1), at desktop and phone widths; never committed.
  if (!process.env.E2E_SCREENSHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

test("an admin uploads a grantee's marked copy and its fp16 round-trip: the page names the grant; random bytes find nothing", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  const model = await fingerprintedCharLm();
  try {
    const grantee: Person = await person({ role: "ADMIN" });
    const submitted = await expectJson<{ request: { id: string; status: string } }>(
      await apply(client(request, grantee), model, {}),
      201,
    );
    expect(submitted.request.status).toBe("APPROVED");
    const grantId = submitted.request.id;
    const copy = await downloadCopy(request, grantee, model.slug, model.onnx.path);
    expect(sha(copy)).not.toBe(model.onnx.sha256);

    const admin = await person({ role: "ADMIN" });
    await useSession(context, baseURL as string, admin);
    await page.goto("/admin/requests");
    await page.getByRole("navigation", { name: "Review" }).getByRole("link", { name: "Trace a file" }).click();
    await expect(page).toHaveURL(/\/admin\/fingerprints\/trace$/);
    await expect(page.getByTestId("trace-scope")).toContainText("with fingerprinting on");
    await hydrated(page.getByTestId("trace-submit"));

    const exact = await traceOnPage(page, "leaked.onnx", copy);
    await expect(exact).toHaveAttribute("data-found", "true");
    await expect(exact).toHaveAttribute("data-grant", grantId);
    await expect(exact).toContainText("byte-identical copy");
    await expect(page.getByTestId("trace-user")).toContainText(grantee.email);
    await expect(page.getByTestId("trace-model")).toHaveText(model.slug);
    await expect(page.getByTestId("trace-download")).toHaveCount(1);
    await expect(page.getByTestId("trace-download")).toContainText(model.onnx.path);
    await shoot(page, "trace-found");

    const cast = await traceOnPage(page, "converted-fp16.onnx", castF16(copy));
    await expect(cast).toHaveAttribute("data-grant", grantId);
    await expect(cast).toContainText("marked copy");
    await expect(page.getByTestId("trace-score")).toContainText("score z =");
    await expect(page.getByTestId("trace-probability")).toContainText("grants searched");
    expect(Number(await cast.getAttribute("data-probability"))).toBeLessThan(1e-6);

    const none = await traceOnPage(page, "random.onnx", new Uint8Array(randomBytes(4096)));
    await expect(none).toHaveAttribute("data-found", "false");
    await expect(none).toContainText("No fingerprint found");
    await shoot(page, "trace-none");
    expect(await tracedBy(admin.userId)).toBe(3);

    // A body larger than twice MAX_JSON_BODY_BYTES (what Next copies for the proxy) arrives whole.
    const big = new Uint8Array(randomBytes(3 * 1024 ** 2));
    const res = await request.post(`${TRACE}?name=big.bin`, {
      headers: { ...admin.headers, "content-type": "application/octet-stream" },
      data: Buffer.from(big),
    });
    const body = await expectJson<{ found: boolean; sha256: string; size: number }>(res, 200);
    expect(body).toMatchObject({ found: false, sha256: sha(big), size: big.byteLength });
    expect(await tracedBy(admin.userId)).toBe(4);
  } finally {
    await model.remove();
  }
});

test("researchers and reviewers get 404 from the trace page and API, before any upload is read; no audit row", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const model = await fingerprintedCharLm();
  try {
    const researcher = await person();
    const reviewer = await person();
    await assignReviewerRow(reviewer.userId, model.id);
    for (const who of [researcher, reviewer]) {
      await context.clearCookies();
      await useSession(context, baseURL as string, who);
      const res = await page.goto("/admin/fingerprints/trace");
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(page.locator('input[type="file"]')).toHaveCount(0);
      const api = await request.post(TRACE, {
        headers: { ...who.headers, "content-type": "application/octet-stream" },
        data: Buffer.from(randomBytes(2048)),
      });
      await expectError(api, 404, "NOT_FOUND");
      expect(await tracedBy(who.userId)).toBe(0);
    }
    // The reviewer sees the review section, without the trace link.
    await page.goto("/admin/requests");
    await expect(page.getByRole("navigation", { name: "Review" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Trace a file" })).toHaveCount(0);
    // Anonymous: sign in first (API 401, page redirect).
    await expectError(await request.post(TRACE, { data: Buffer.from("x") }), 401, "SIGN_IN_REQUIRED");
  } finally {
    await model.remove();
  }
});
