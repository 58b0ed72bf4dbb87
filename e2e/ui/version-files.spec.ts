// A draft's files on the version page, in Chromium against the real stack (the stack's worker
// verifies): an admin removes a FAILED file (its row, its object in S3) and the version can then be
// published; "Verify again" on a FAILED file whose declared sha256 is wrong runs the verify job
// again and ends FAILED again. The model's reviewer sees the files but no buttons.
import { createHash, randomBytes } from "node:crypto";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { client, expectJson, nid, ownLicense, person, type Client } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { assignReviewerBySlug } from "../fixtures/models";
import { useSession } from "../fixtures/session";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
type VersionView = { version: { files: { path: string; status: string; failureReason: string | null }[] } };

/** A new model with an empty DRAFT v1, and how to remove it afterwards. */
const draftModel = async (api: Client) => {
  const license = await ownLicense();
  const org = `e2e-vf-${nid()}`;
  const slug = `${org}/files`;
  await expectJson(
    await api.post("/api/v1/admin/models", {
      org,
      name: "files",
      title: "Version files",
      task: "text-generation",
      license: license.slug,
    }),
    201,
  );
  await expectJson(await api.post(`/api/v1/admin/models/${slug}/versions`, { name: "v1" }), 201);
  const remove = () => withDb((c) => c.query(`DELETE FROM "Model" WHERE slug = $1`, [slug]));
  return { slug, remove };
};

/** What a browser or `weights push` does for a one-part file: start, PUT the part to S3, record it, complete. */
const uploadViaApi = async (
  api: Client,
  request: APIRequestContext,
  slug: string,
  path: string,
  bytes: Buffer,
  declaredSha256: string,
) => {
  const base = `/api/v1/admin/models/${slug}/versions/v1/uploads`;
  const { upload } = await expectJson<{ upload: { id: string; partCount: number } }>(
    await api.post(base, { path, size: bytes.length, sha256: declaredSha256 }),
    201,
  );
  expect(upload.partCount).toBe(1);
  const { parts } = await expectJson<{ parts: { url: string; size: number }[] }>(
    await api.post(`${base}/${upload.id}/part-urls`, { partNumbers: [1] }),
    200,
  );
  const put = await request.put(parts[0]?.url as string, { data: bytes });
  expect(put.status()).toBe(200);
  await expectJson(
    await api.put(`${base}/${upload.id}/parts/1`, { etag: put.headers().etag, size: bytes.length }),
    200,
  );
  await expectJson(await api.post(`${base}/${upload.id}/completion`), 200);
};

/** Waits for the worker's verdict on each path. */
const expectStatuses = (api: Client, slug: string, want: Record<string, string>) =>
  expect
    .poll(
      async () => {
        const v = await expectJson<VersionView>(await api.get(`/api/v1/admin/models/${slug}/versions/v1`), 200);
        return Object.fromEntries(v.version.files.map((f) => [f.path, f.status]));
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toEqual(want);

const fileRow = (page: Page, path: string) => page.getByTestId("version-file").filter({ hasText: path });
const auditActions = (slug: string, path: string) =>
  withDb(async (c) =>
    (
      await c.query<{ action: string }>(
        `SELECT a.action FROM "AuditEvent" a JOIN "Model" m ON m.id = a."modelId" WHERE m.slug = $1 AND a.data->>'path' = $2 ORDER BY a.seq`,
        [slug, path],
      )
    ).rows.map((r) => r.action),
  );
const storageKeyOf = (slug: string, path: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ key: string }>(
          `SELECT f."storageKey" AS key FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId" WHERE m.slug = $1 AND f.path = $2`,
          [slug, path],
        )
      ).rows[0]?.key,
  );
const headStatus = async (key: string) => {
  const s3 = new S3Client({
    endpoint: process.env.E2E_S3_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: "weights", Key: key }))).$metadata.httpStatusCode;
  } catch (e) {
    return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  } finally {
    s3.destroy();
  }
};

test("an admin removes a FAILED file from a draft (row and object gone, audited), then publishes the version; a reviewer sees no buttons", async ({
  page,
  context,
  baseURL,
  request,
  browser,
}) => {
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const { slug, remove } = await draftModel(api);
  try {
    const good = randomBytes(4096);
    const bad = randomBytes(3000);
    await uploadViaApi(api, request, slug, "model.bin", good, sha(good));
    await uploadViaApi(api, request, slug, "extra/bad.bin", bad, "0".repeat(64));
    await expectStatuses(api, slug, { "extra/bad.bin": "FAILED", "model.bin": "READY" });
    const badKey = (await storageKeyOf(slug, "extra/bad.bin")) as string;
    expect(await headStatus(badKey)).toBe(200);

    // The model's reviewer reads the same page without any file action.
    const reviewer = await person();
    await assignReviewerBySlug(reviewer.userId, slug);
    const reviewerContext = await browser.newContext({ baseURL });
    try {
      await useSession(reviewerContext, baseURL as string, reviewer);
      const reviewerPage = await reviewerContext.newPage();
      await reviewerPage.goto(`/admin/models/${slug}/versions/v1`);
      await expect(reviewerPage.getByTestId("version-file")).toHaveCount(2);
      await expect(reviewerPage.getByRole("button", { name: /Remove|Verify again/ })).toHaveCount(0);
    } finally {
      await reviewerContext.close();
    }

    await useSession(context, baseURL as string, admin);
    await page.goto(`/admin/models/${slug}/versions/v1`);
    const row = fileRow(page, "extra/bad.bin");
    await expect(row).toHaveAttribute("data-status", "FAILED");
    await expect(row).toContainText("does not match the declared");
    // No Remove for nothing: dismissing the confirmation keeps the file.
    page.once("dialog", (d) => void d.dismiss());
    await row.getByRole("button", { name: "Remove extra/bad.bin" }).click();
    await expect(row).toBeVisible();
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Remove extra/bad.bin" }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId("version-file")).toHaveCount(1);

    expect(await storageKeyOf(slug, "extra/bad.bin")).toBeUndefined();
    expect(await auditActions(slug, "extra/bad.bin")).toEqual([
      "file.upload_started",
      "file.uploaded",
      "file.failed",
      "file.removed",
    ]);
    expect(await headStatus(badKey)).toBe(404);

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Publish version" }).click();
    await expect(page.getByText("v1 is published.")).toBeVisible();
    await expect(page.getByTestId("version-status")).toHaveText("published");
    // Published: the file actions are gone.
    await expect(page.getByRole("button", { name: /Remove|Verify again/ })).toHaveCount(0);
  } finally {
    await remove();
  }
});

test("Verify again on a FAILED file whose declared sha256 is wrong: the worker checks it again and it ends FAILED again", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const { slug, remove } = await draftModel(api);
  try {
    const bad = randomBytes(2500);
    await uploadViaApi(api, request, slug, "bad.bin", bad, "f".repeat(64));
    await expectStatuses(api, slug, { "bad.bin": "FAILED" });

    await useSession(context, baseURL as string, admin);
    await page.goto(`/admin/models/${slug}/versions/v1`);
    const row = fileRow(page, "bad.bin");
    await expect(row).toHaveAttribute("data-status", "FAILED");
    await row.getByRole("button", { name: "Verify again: bad.bin" }).click();

    // The worker really ran again: a second file.failed after the request, and the page shows its verdict.
    await expect
      .poll(() => auditActions(slug, "bad.bin"), { timeout: 30_000, intervals: [250] })
      .toEqual(["file.upload_started", "file.uploaded", "file.failed", "file.reverify_requested", "file.failed"]);
    await expect(row).toHaveAttribute("data-status", "FAILED", { timeout: 15_000 });
    await expect(row).toContainText(`sha256 ${sha(bad).slice(0, 12)}… does not match the declared ffffffffffff…`);
    await expect(row.getByRole("button", { name: "Verify again: bad.bin" })).toBeEnabled();
  } finally {
    await remove();
  }
});
