// Browser uploads in Chromium: a 20 MiB safetensors file goes straight to S3 in three 8 MiB parts
// with a moving progress bar; a reload mid-upload and the same file chosen again resume it (only
// the missing part is sent); the real worker verifies it READY, inspects it, and once published it
// shows on the model page with its tensors. Another file of the same name and size does not resume
// it. An expected sha256 the file lacks is refused in the browser; stored bytes that do not match the
// declared sha256 end FAILED, and the file is not downloadable.
// Cancel mid-upload ends the multipart upload in S3 too: a part URL signed for it is refused.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { client, expectError, expectJson, nid, ownLicense, person } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { useSession } from "../fixtures/session";

const MIB = 1024 * 1024;

/** A real safetensors file: 8-byte header length, JSON header, then one F32 tensor of `floats` values. */
const safetensors = async (floats: number) => {
  const header = Buffer.from(
    JSON.stringify({
      __metadata__: { format: "pt" },
      "embed.weight": { dtype: "F32", shape: [floats / 1024, 1024], data_offsets: [0, floats * 4] },
    }),
  );
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  const bytes = Buffer.concat([len, header, randomBytes(floats * 4)]);
  const dir = await mkdtemp(join(tmpdir(), "e2e-upload-"));
  const file = join(dir, "model.safetensors");
  await writeFile(file, bytes);
  return { file, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
};

const draftModel = async (request: Parameters<typeof client>[0], admin: Awaited<ReturnType<typeof person>>) => {
  const license = await ownLicense();
  const org = `e2e-up-${nid()}`;
  const slug = `${org}/uploaded`;
  await expectJson(
    await client(request, admin).post("/api/v1/admin/models", {
      org,
      name: "uploaded",
      title: "Uploaded model",
      task: "text-generation",
      license: license.slug,
    }),
    201,
  );
  await expectJson(await client(request, admin).post(`/api/v1/admin/models/${slug}/versions`, { name: "v1" }), 201);
  const remove = () =>
    withDb(async (c) => {
      await c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" IN (SELECT id FROM "Model" WHERE slug = $1)`, [slug]);
      await c.query(`DELETE FROM "Model" WHERE slug = $1`, [slug]);
    });
  return { slug, remove };
};

/** Chooses the file once React has hydrated the panel (a file chosen before that is lost). */
const chooseFile = async (page: Page, file: string) => {
  const input = page.getByTestId("upload-panel").locator('input[type="file"]');
  await expect
    .poll(() => input.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__react"))), { message: "hydrated" })
    .toBe(true);
  await input.setInputFiles(file);
  await expect(page.getByRole("button", { name: "Upload file" })).toBeEnabled();
};
const recordedParts = (slug: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "UploadPart" p JOIN "Upload" u ON u.id = p."uploadId" JOIN "ModelFile" f ON f.id = u."fileId" JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId" WHERE m.slug = $1`,
          [slug],
        )
      ).rows[0]?.n ?? 0,
  );

test("upload in parts with progress, reload and resume, verified READY, inspected and shown on the model page once published", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(120_000);
  const admin = await person({ role: "ADMIN" });
  const { slug, remove } = await draftModel(request, admin);
  try {
    const { file, bytes } = await safetensors(5 * MIB); // 20 MiB of tensor data: three parts
    await useSession(context, baseURL as string, admin);
    // First pass: part 1 goes through, parts 2 and 3 are held back, so the bar stops part-way and
    // the reload lands mid-upload with exactly one part done.
    const partPuts: string[] = [];
    // Parts 2 and 3 wait for this, however long part 1 takes on a busy machine.
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let holdBack = true;
    await page.route(/[?&]partNumber=\d+/, async (route) => {
      const n = new URL(route.request().url()).searchParams.get("partNumber") as string;
      if (route.request().method() === "PUT") {
        partPuts.push(n);
        if (holdBack && n !== "1") await released;
      }
      // The page may have been reloaded meanwhile: its request is gone.
      await route.continue().catch(() => {});
    });

    await page.goto(`/admin/models/${slug}/versions/v1`);
    await chooseFile(page, file);
    await page.getByRole("button", { name: "Upload file" }).click();
    const row = page.getByTestId("upload-row");
    const percents: string[] = [];
    // Part 1 lands and is recorded; the bar then stands part-way while parts 2 and 3 are held back.
    await expect.poll(() => recordedParts(slug), { intervals: [100], timeout: 30_000 }).toBe(1);
    await expect
      .poll(
        async () => {
          const p = (await row.getByTestId("upload-progress").getAttribute("data-percent")) ?? "";
          percents.push(p);
          return Number(p) > 0 && Number(p) < 100;
        },
        { intervals: [50], message: `progress seen: ${percents.join(", ")}` },
      )
      .toBe(true);
    await expect(row.getByTestId("upload-detail")).toContainText(/MB\/s · \d+ (s|min) left/);

    // Gone mid-upload: the server kept the upload and the part done.
    await page.reload();
    holdBack = false;
    release();
    const done = await recordedParts(slug);
    expect(done).toBe(1);
    await expect(page.getByTestId("open-uploads")).toContainText("1 of 3 parts");

    // Another file of the same name and size is not stitched onto the first one's parts: its sha256
    // (computed in the browser first) is not the one the upload was started with.
    partPuts.length = 0;
    const impostor = await safetensors(5 * MIB);
    expect(impostor.bytes.length).toBe(bytes.length);
    await chooseFile(page, impostor.file);
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByTestId("upload-row")).toHaveAttribute("data-phase", "error");
    await expect(page.getByTestId("upload-row")).toContainText(
      /Another file \([\d.]+ MB\) is being uploaded as model\.safetensors; cancel that upload first\./,
    );
    expect(partPuts).toEqual([]);
    expect(await recordedParts(slug)).toBe(done);

    await chooseFile(page, file);
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByTestId("upload-row")).toContainText("resumed with 1 part already uploaded");
    await expect(page.getByTestId("upload-row")).toHaveAttribute("data-phase", "ready", { timeout: 60_000 });
    // Only the parts that were missing crossed the wire the second time.
    expect(partPuts.length).toBe(3 - done);
    await expect(page.getByTestId("open-uploads")).toHaveCount(0);
    await expect(page.getByTestId("version-file").filter({ hasText: "model.safetensors" })).toHaveAttribute(
      "data-status",
      "READY",
    );
    const stored = await withDb(
      async (c) =>
        (
          await c.query<{ sha256: string; size: string }>(
            `SELECT f.sha256, f.size::text FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId" WHERE m.slug = $1`,
            [slug],
          )
        ).rows[0],
    );
    expect(stored).toEqual({ sha256: createHash("sha256").update(bytes).digest("hex"), size: String(bytes.length) });

    // Published and made the latest, it is on the model page with what the inspection found.
    await expectJson(await client(request, admin).post(`/api/v1/admin/models/${slug}/versions/v1/publication`), 200);
    await expectJson(await client(request, admin).put(`/api/v1/admin/models/${slug}/latest`, { version: "v1" }), 200);
    await page.goto(`/models/${slug}`);
    await expect(page.getByTestId("files-card")).toContainText("model.safetensors");
    await expect
      .poll(async () => (await page.reload(), await page.getByTestId("inspection-summary").textContent()), {
        timeout: 30_000,
      })
      .toContain("1 tensor");
    await expect(page.getByTestId("inspection-summary")).not.toContainText("1 tensors");
    await expect(page.getByTestId("inspection-summary")).toContainText("5.2 M");
  } finally {
    await remove();
  }
});

test("an expected sha256 the file does not have is refused before anything is sent", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const { slug, remove } = await draftModel(request, admin);
  try {
    const { file, sha256 } = await safetensors(256 * 1024);
    await useSession(context, baseURL as string, admin);
    await page.goto(`/admin/models/${slug}/versions/v1`);
    await chooseFile(page, file);
    await page.getByLabel("Expected sha256").fill("0".repeat(64));
    await page.getByRole("button", { name: "Upload file" }).click();
    const row = page.getByTestId("upload-row");
    await expect(row).toHaveAttribute("data-phase", "error");
    await expect(row).toContainText(
      `This file's sha256 is ${sha256}, not the expected ${"0".repeat(64)}. Nothing was uploaded.`,
    );
    expect(
      await withDb(
        async (c) =>
          (
            await c.query(
              `SELECT f.id FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId" WHERE m.slug = $1`,
              [slug],
            )
          ).rowCount,
      ),
    ).toBe(0);
  } finally {
    await remove();
  }
});

test("stored bytes that do not match the declared sha256 end FAILED with the reason: the version cannot be published and the file cannot be downloaded", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const { slug, remove } = await draftModel(request, admin);
  try {
    const { file, sha256 } = await safetensors(256 * 1024);
    await useSession(context, baseURL as string, admin);
    // As if the file changed on disk between its hashing and its upload: the start declares
    // another sha256 than the bytes that then reach storage.
    const declared = createHash("sha256").update("the file as it was when hashed").digest("hex");
    await page.route(/\/versions\/v1\/uploads$/, async (route) => {
      const body = route.request().postDataJSON() as { sha256?: string } | null;
      if (route.request().method() !== "POST" || body?.sha256 !== sha256) return route.continue();
      return route.continue({ postData: JSON.stringify({ ...body, sha256: declared }) });
    });
    await page.goto(`/admin/models/${slug}/versions/v1`);
    await chooseFile(page, file);
    await page.getByRole("button", { name: "Upload file" }).click();
    const row = page.getByTestId("upload-row");
    await expect(row).toHaveAttribute("data-phase", "failed", { timeout: 60_000 });
    await expect(row).toContainText(
      `sha256 ${sha256.slice(0, 12)}… does not match the declared ${declared.slice(0, 12)}…`,
    );
    await expect(page.getByTestId("version-file").filter({ hasText: "model.safetensors" })).toHaveAttribute(
      "data-status",
      "FAILED",
    );
    const api = client(request, admin);
    await expectError(await api.post(`/api/v1/admin/models/${slug}/versions/v1/publication`), 409, "VERSION_NOT_READY");

    // Not downloadable either, even for a caller the gate lets through (an OPEN model, its license
    // accepted): the draft's commit id is no revision, and no URL or DownloadEvent comes of it.
    await expectJson(await api.patch(`/api/v1/admin/models/${slug}`, { gating: "OPEN" }), 200);
    const { model } = await expectJson<{ model: { license: { versionId: string } } }>(
      await api.get(`/api/v1/admin/models/${slug}`),
      200,
    );
    await expectJson(
      await api.post(`/api/v1/models/${slug}/license-acceptances`, { licenseVersionId: model.license.versionId }),
      201,
    );
    const { version } = await expectJson<{ version: { commitSha: string } }>(
      await api.get(`/api/v1/admin/models/${slug}/versions/v1`),
      200,
    );
    for (const revision of [version.commitSha, "v1", "main"]) {
      const download = await request.get(`/api/v1/models/${slug}/files/model.safetensors?revision=${revision}`, {
        headers: admin.headers,
        maxRedirects: 0,
      });
      await expectError(download, 404, "NOT_FOUND");
    }
    expect(
      await withDb(
        async (c) =>
          (
            await c.query(`SELECT 1 FROM "DownloadEvent" e JOIN "Model" m ON m.id = e."modelId" WHERE m.slug = $1`, [
              slug,
            ])
          ).rowCount,
      ),
    ).toBe(0);
  } finally {
    await remove();
  }
});

test("Cancel mid-upload ends the multipart upload: S3 refuses its parts, the file leaves the version, and the cancel is audited", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const { slug, remove } = await draftModel(request, admin);
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  try {
    const { file, bytes } = await safetensors(5 * MIB);
    await useSession(context, baseURL as string, admin);
    // Part 1 goes through; parts 2 and 3 are held, so Cancel lands mid-upload.
    const held: string[] = [];
    await page.route(/[?&]partNumber=\d+/, async (route) => {
      const url = route.request().url();
      if (route.request().method() === "PUT" && new URL(url).searchParams.get("partNumber") !== "1") {
        held.push(url);
        await released;
      }
      await route.continue().catch(() => {}); // the page aborted it meanwhile
    });
    await page.goto(`/admin/models/${slug}/versions/v1`);
    await chooseFile(page, file);
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect.poll(() => recordedParts(slug), { intervals: [100], timeout: 30_000 }).toBe(1);
    const row = page.getByTestId("upload-row");
    await row.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(row).toHaveAttribute("data-phase", "cancelled");
    await expect(row).toContainText("cancelled");
    await expect(page.getByTestId("open-uploads")).toHaveCount(0);
    release();

    const left = await withDb(
      async (c) =>
        (
          await c.query<{ files: number; uploads: number; aborted: unknown[] }>(
            `SELECT (SELECT count(*)::int FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = m.id) AS files,
              (SELECT count(*)::int FROM "Upload" u JOIN "ModelFile" f ON f.id = u."fileId" JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = m.id) AS uploads,
              (SELECT coalesce(json_agg(a.data), '[]') FROM "AuditEvent" a WHERE a."modelId" = m.id AND a.action = 'file.upload_aborted') AS aborted
       FROM "Model" m WHERE m.slug = $1`,
            [slug],
          )
        ).rows[0],
    );
    expect(left).toEqual({
      files: 0,
      uploads: 0,
      aborted: [{ version: "v1", path: "model.safetensors", size: bytes.length, storeAborted: true }],
    });
    // A part URL the page was given before the cancel no longer reaches the upload.
    expect(held.length).toBeGreaterThan(0);
    const late = await request.put(held[0] as string, { data: Buffer.alloc(1024) });
    expect([late.status(), /<Code>(\w+)<\/Code>/.exec(await late.text())?.[1]]).toEqual([404, "NoSuchUpload"]);
  } finally {
    release();
    await remove();
  }
});
