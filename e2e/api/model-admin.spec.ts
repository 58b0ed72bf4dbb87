// Model management through the REST API against the real stack: create (SLUG_TAKEN, reserved
// orgs), settings (form version), versions (VERSION_NOT_READY naming files, publish, latest, then
// the public revision listing), license moves (LICENSE_NOT_ACCEPTED until the grantee accepts, and
// the mail), licenses; who may do what (admin, the model's reviewer, others, READ tokens), each
// refusal writing nothing.
import { createHash, randomBytes } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import {
  apply,
  client,
  expectError,
  expectJson,
  nid,
  ownLicense,
  person,
  waitForSubject,
  type Submitted,
} from "../fixtures/access-world";
import { rows, withDb } from "../fixtures/db";
import { assignReviewerBySlug, versionOf } from "../fixtures/models";

type Created = {
  model: {
    id: string;
    slug: string;
    visibility: string;
    formVersion: number;
    license: { slug: string; version: string; licenseVersionId: string };
  };
};
type Saved = { changed: string[]; formVersion: number; notified: number };
type Version = { name: string; commitSha: string; status: string };

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const base = (slug: string) => `/api/v1/admin/models/${slug}`;
const newModel = (org: string, license: string, extra: Record<string, unknown> = {}) => ({
  org,
  name: "tiny",
  title: "Tiny e2e model",
  task: "text-generation",
  license,
  ...extra,
});

/** Deletes a model this spec created (download events first: they restrict deleting files). */
const removeModel = (slug: string) =>
  withDb(async (c) => {
    await c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" IN (SELECT id FROM "Model" WHERE slug = $1)`, [slug]);
    await c.query(`DELETE FROM "Model" WHERE slug = $1`, [slug]);
  });

/** Audit rows about a model and the model row's update time: equal before and after a refusal = nothing written. */
const modelFootprint = (slug: string) =>
  withDb(async (c) => {
    const row = await c.query<{ row: string }>(
      `SELECT concat_ws('|', id, title, "formVersion", "currentLicenseVersionId", "latestVersionId", "updatedAt"::text) AS row FROM "Model" WHERE slug = $1`,
      [slug],
    );
    const audit = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "modelId" = (SELECT id FROM "Model" WHERE slug = $1)`,
      [slug],
    );
    const versions = await c.query<{ row: string }>(
      `SELECT name || ':' || status AS row FROM "ModelVersion" WHERE "modelId" = (SELECT id FROM "Model" WHERE slug = $1) ORDER BY name`,
      [slug],
    );
    return { model: row.rows[0]?.row ?? null, audit: audit.rows[0]?.n ?? 0, versions: versions.rows.map((r) => r.row) };
  });

/** A file row in the given state, and (READY) its bytes in the bucket, as the uploads and the verify job would leave them. */
const addFile = async (slug: string, version: Version, path: string, status: "VERIFYING" | "READY") => {
  const bytes = randomBytes(2048);
  const { storageKey: key } = await rows.putFile(await versionOf(slug, version.name), {
    path,
    size: bytes.byteLength,
    sha256: status === "READY" ? sha(bytes) : null,
    status,
  });
  if (status === "READY") {
    const s3 = new S3Client({
      endpoint: process.env.E2E_S3_ENDPOINT,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    await s3.send(
      new PutObjectCommand({ Bucket: "weights", Key: key, Body: bytes, ContentType: "application/octet-stream" }),
    );
  }
  return bytes;
};

const assignReviewer = assignReviewerBySlug;

test("an admin creates a model (PRIVATE, on the license's latest version); slug clashes and reserved orgs are refused", async ({
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const license = await ownLicense();
  const org = `e2e-adm-${nid()}`;
  const slug = `${org}/tiny`;
  try {
    const created = await expectJson<Created>(
      await api.post("/api/v1/admin/models", newModel(org.toUpperCase(), license.slug)),
      201,
    );
    expect(created.model).toMatchObject({
      slug,
      visibility: "PRIVATE",
      formVersion: 1,
      license: { slug: license.slug, version: "1.0", licenseVersionId: license.v1.id },
    });
    const before = await modelFootprint(slug);
    const clash = await expectError(
      await api.post("/api/v1/admin/models", newModel(org, license.slug, { title: "Another" })),
      409,
      "SLUG_TAKEN",
    );
    expect(clash.fields).toEqual({ name: [`${slug} is taken`] });
    const reserved = await expectError(
      await api.post("/api/v1/admin/models", newModel("admin", license.slug)),
      422,
      "VALIDATION_FAILED",
    );
    expect(reserved.fields?.org?.[0]).toContain("reserved");
    await expectError(
      await api.post("/api/v1/admin/models", newModel(`e2e-adm-${nid()}`, `no-such-${nid()}`)),
      422,
      "VALIDATION_FAILED",
    );
    expect(await modelFootprint(slug)).toEqual(before);
    expect(await withDb(async (c) => (await c.query(`SELECT 1 FROM "Model" WHERE org = 'admin'`)).rowCount)).toBe(0);

    const settings = await expectJson<{ canEdit: boolean; model: { slug: string; license: { versionId: string } } }>(
      await api.get(base(slug)),
      200,
    );
    expect(settings).toMatchObject({ canEdit: true, model: { slug, license: { versionId: license.v1.id } } });
  } finally {
    await removeModel(slug);
  }
});

test("reviewers read settings and versions but every write is 403; researchers 404; READ tokens 403; anonymous 401; nothing written", async ({
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const license = await ownLicense();
  const org = `e2e-adm-${nid()}`;
  const slug = `${org}/tiny`;
  try {
    await expectJson<Created>(
      await client(request, admin).post("/api/v1/admin/models", newModel(org, license.slug)),
      201,
    );
    await expectJson(await client(request, admin).post(`${base(slug)}/versions`, { name: "v1" }), 201);
    const reviewer = await person();
    await assignReviewer(reviewer.userId, slug);
    const researcher = await person();
    const token = await expectJson<{ token: { token: string } }>(
      await client(request, admin).post("/api/v1/me/tokens", { name: "read", scope: "READ", expiresInDays: 1 }),
      201,
    );
    const bearer = { authorization: `Bearer ${token.token.token}` };
    const before = await modelFootprint(slug);

    const asReviewer = client(request, reviewer);
    expect(await expectJson<{ canEdit: boolean }>(await asReviewer.get(base(slug)), 200)).toMatchObject({
      canEdit: false,
    });
    expect(
      (await expectJson<{ versions: Version[] }>(await asReviewer.get(`${base(slug)}/versions`), 200)).versions.map(
        (v) => v.name,
      ),
    ).toEqual(["v1"]);
    expect(
      await expectJson<{ version: Version }>(await asReviewer.get(`${base(slug)}/versions/v1`), 200),
    ).toMatchObject({ version: { name: "v1", status: "DRAFT" } });
    /** Every write of this API, as the holder of `headers`. */
    const writes = (headers: Record<string, string>) => [
      request.post(`${base(slug)}/versions`, { headers, data: { name: "v2" } }),
      request.post(`${base(slug)}/versions/v1/publication`, { headers }),
      request.put(`${base(slug)}/latest`, { headers, data: { version: "v1" } }),
      request.patch(base(slug), { headers, data: { title: "Hijacked" } }),
    ];
    for (const res of await Promise.all(writes(reviewer.headers))) await expectError(res, 403, "FORBIDDEN");
    const asResearcher = client(request, researcher);
    await expectError(await asResearcher.get(base(slug)), 404, "NOT_FOUND");
    await expectError(await asResearcher.get(`${base(slug)}/versions`), 404, "NOT_FOUND");
    for (const res of await Promise.all(writes(researcher.headers))) await expectError(res, 404, "NOT_FOUND");
    await expectError(
      await asResearcher.post("/api/v1/admin/models", newModel(`e2e-adm-${nid()}`, license.slug)),
      404,
      "NOT_FOUND",
    );
    await expectError(await asResearcher.get("/api/v1/admin/licenses"), 404, "NOT_FOUND");
    await expectError(await request.get(base(slug), { headers: bearer }), 403, "FORBIDDEN");
    for (const res of await Promise.all(writes(bearer))) await expectError(res, 403, "FORBIDDEN");
    await expectError(await request.get(base(slug)), 401, "SIGN_IN_REQUIRED");
    for (const res of await Promise.all(writes({}))) await expectError(res, 401, "SIGN_IN_REQUIRED");
    expect(await modelFootprint(slug)).toEqual(before);
  } finally {
    await removeModel(slug);
  }
});

test("versions: publish is refused until every file is READY (naming them), then the version is public as main once made latest", async ({
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const license = await ownLicense();
  const org = `e2e-adm-${nid()}`;
  const slug = `${org}/tiny`;
  try {
    await expectJson<Created>(await api.post("/api/v1/admin/models", newModel(org, license.slug)), 201);
    const saved = await expectJson<Saved>(
      await api.patch(base(slug), {
        formDefinition: [{ name: "purpose", type: "text", label: "Purpose", required: true }],
      }),
      200,
    );
    expect(saved).toMatchObject({ changed: ["formDefinition"], formVersion: 2 });

    const { version } = await expectJson<{ version: Version }>(
      await api.post(`${base(slug)}/versions`, { name: "v1", notes: "first" }),
      201,
    );
    expect(version).toMatchObject({ name: "v1", status: "DRAFT", commitSha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    await expectError(await api.post(`${base(slug)}/versions`, { name: "V1" }), 409, "CONFLICT");
    await expectError(await api.post(`${base(slug)}/versions`, { name: "main" }), 422, "VALIDATION_FAILED");

    let before = await modelFootprint(slug);
    await expectError(await api.post(`${base(slug)}/versions/v1/publication`), 409, "VERSION_NOT_READY");
    await addFile(slug, version, "model.onnx", "READY");
    await addFile(slug, version, "tokenizer.json", "VERIFYING");
    before = await modelFootprint(slug);
    const notReady = await expectError(
      await api.post(`${base(slug)}/versions/v1/publication`),
      409,
      "VERSION_NOT_READY",
    );
    expect(notReady.fields).toEqual({ files: ["tokenizer.json (verifying)"] });
    expect(notReady.message).toContain("tokenizer.json");
    await expectError(await api.put(`${base(slug)}/latest`, { version: "v1" }), 409, "VERSION_NOT_READY");
    expect(await modelFootprint(slug)).toEqual(before);

    const bytes = await addFile(slug, version, "tokenizer.json", "READY");
    expect(
      await expectJson<{ changed: boolean; version: Version }>(
        await api.post(`${base(slug)}/versions/v1/publication`),
        200,
      ),
    ).toMatchObject({ changed: true, version: { status: "PUBLISHED" } });
    expect(
      await expectJson<{ changed: boolean }>(await api.post(`${base(slug)}/versions/v1/publication`), 200),
    ).toMatchObject({ changed: false });
    expect(await expectJson(await api.put(`${base(slug)}/latest`, { version: "v1" }), 200)).toMatchObject({
      changed: true,
      previous: null,
      version: { name: "v1", commitSha: version.commitSha },
    });

    const listed = await expectJson<{
      versions: { name: string; fileCount: number; readyCount: number; isLatest: boolean; status: string }[];
    }>(await api.get(`${base(slug)}/versions`), 200);
    expect(listed.versions).toEqual([
      expect.objectContaining({ name: "v1", status: "PUBLISHED", fileCount: 2, readyCount: 2, isLatest: true }),
    ]);
    const files = await expectJson<{
      revision: { name: string; commitSha: string };
      files: { path: string; sha256: string }[];
    }>(await api.get(`/api/v1/models/${slug}/revisions/main/files`), 200);
    expect(files.revision).toEqual({ name: "v1", commitSha: version.commitSha });
    expect(files.files.find((f) => f.path === "tokenizer.json")?.sha256).toBe(sha(bytes));
    const actions = await withDb(async (c) =>
      (
        await c.query<{ action: string }>(
          `SELECT action FROM "AuditEvent" WHERE "modelId" = (SELECT id FROM "Model" WHERE slug = $1) ORDER BY seq`,
          [slug],
        )
      ).rows.map((r) => r.action),
    );
    expect(actions).toEqual([
      "model.created",
      "model.updated",
      "version.created",
      "version.published",
      "version.latest_set",
    ]);
  } finally {
    await removeModel(slug);
  }
});

test("moving a model to another license version: the grantee's download is LICENSE_NOT_ACCEPTED (and mailed) until they accept it", async ({
  request,
}) => {
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const license = await ownLicense();
  const org = `e2e-adm-${nid()}`;
  const slug = `${org}/tiny`;
  try {
    await expectJson<Created>(
      await api.post("/api/v1/admin/models", newModel(org, license.slug, { gating: "AUTO" })),
      201,
    );
    const { version } = await expectJson<{ version: Version }>(
      await api.post(`${base(slug)}/versions`, { name: "v1" }),
      201,
    );
    await addFile(slug, version, "model.onnx", "READY");
    await expectJson(await api.post(`${base(slug)}/versions/v1/publication`), 200);
    await expectJson(await api.put(`${base(slug)}/latest`, { version: "v1" }), 200);

    // The model is PRIVATE (public test models would change the catalog counts other specs assert): its grantee is an admin-role user.
    const grantee = await person({ role: "ADMIN" });
    const asGrantee = client(request, grantee);
    const modelId = await withDb(
      async (c) =>
        (await c.query<{ id: string }>(`SELECT id FROM "Model" WHERE slug = $1`, [slug])).rows[0]?.id as string,
    );
    expect(
      (
        await expectJson<Submitted>(
          await apply(asGrantee, { id: modelId, slug, licenseVersionId: license.v1.id }, {}),
          201,
        )
      ).request.status,
    ).toBe("APPROVED");
    const download = () =>
      request.get(`/api/v1/models/${slug}/files/model.onnx`, { headers: grantee.headers, maxRedirects: 0 });
    expect((await download()).status()).toBe(302);

    // A second license, created through the API, and the model moved onto it.
    const otherSlug = `e2e-lic2-${nid()}`;
    const text = `E2E second license ${otherSlug}: research use only, attribution required.`;
    const created = await expectJson<{ license: { versions: { id: string; sha256: string }[] } }>(
      await api.post("/api/v1/admin/licenses", { slug: otherSlug, name: `Second ${otherSlug}`, version: "1.0", text }),
      201,
    );
    const target = created.license.versions[0];
    expect(target?.sha256).toBe(sha(text));
    await expectError(
      await api.post("/api/v1/admin/licenses", { slug: otherSlug, name: "again", version: "1.0", text }),
      409,
      "SLUG_TAKEN",
    );
    const moved = await expectJson<Saved>(await api.patch(base(slug), { currentLicenseVersionId: target?.id }), 200);
    expect(moved).toMatchObject({ changed: ["currentLicenseVersionId"], notified: 1 });

    const refused = await expectError(await download(), 403, "LICENSE_NOT_ACCEPTED");
    expect(refused.action).toBe(`/models/${slug}/license`);
    await waitForSubject(grantee.email, `New license version for ${slug}`);
    await expectJson(
      await asGrantee.post(`/api/v1/models/${slug}/license-acceptances`, { licenseVersionId: target?.id }),
      201,
    );
    expect((await download()).status()).toBe(302);

    const listed = await expectJson<{ licenses: { slug: string; versions: { id: string; modelCount: number }[] }[] }>(
      await api.get("/api/v1/admin/licenses"),
      200,
    );
    expect(listed.licenses.find((l) => l.slug === otherSlug)?.versions).toEqual([
      expect.objectContaining({ id: target?.id, modelCount: 1 }),
    ]);
  } finally {
    await removeModel(slug);
  }
});
