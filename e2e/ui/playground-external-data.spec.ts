// A model whose weights live in an external-data file (model.onnx + model.onnx_data) runs in the
// playground: an admin uploads both files through the upload API, the stack's worker verifies them
// and inspects the graph (which names model.onnx_data), the session issues both files, the browser
// checks and caches both, and the worker's session gets the weights through `externalData`: the
// tensor widget's output is x · W + b.
import { expect, test } from "@playwright/test";
import { client, expectJson, nid, ownLicense, person, urls, type Client } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { EXTERNAL_DATA_FILE, expected, externalDataModel } from "../fixtures/external-data-model";
import { loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

type Started = { upload: { id: string; partCount: number } };
type PartUrls = { parts: { partNumber: number; url: string }[] };

/** One file through the admin upload API: start, its one part PUT to the store, recorded, completed. */
const upload = async (api: Client, versionPath: string, path: string, bytes: Buffer) => {
  const { upload: u } = await expectJson<Started>(
    await api.post(`${versionPath}/uploads`, { path, size: bytes.length }),
    201,
  );
  expect(u.partCount).toBe(1);
  const { parts } = await expectJson<PartUrls>(
    await api.post(`${versionPath}/uploads/${u.id}/part-urls`, { partNumbers: [1] }),
    200,
  );
  const put = await fetch(parts[0]!.url, { method: "PUT", body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  await expectJson(
    await api.put(`${versionPath}/uploads/${u.id}/parts/1`, { etag: put.headers.get("etag"), size: bytes.length }),
    200,
  );
  await expectJson(await api.post(`${versionPath}/uploads/${u.id}/completion`), 200);
};

/** Each file of the model's versions: status, and the external-data files its inspection names. */
const files = (slug: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<{ path: string; status: string; external: string[] | null }>(
      `SELECT f.path, f.status::text AS status, ARRAY(SELECT jsonb_array_elements_text(f.inspection->'externalDataFiles')) AS external
       FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId" WHERE m.slug = $1 ORDER BY f.path`,
      [slug],
    );
    return rows;
  });

const playgroundEvents = (userId: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<{ path: string }>(
      `SELECT f.path FROM "DownloadEvent" e JOIN "ModelFile" f ON f.id = e."fileId" WHERE e."userId" = $1 AND e.channel = 'PLAYGROUND' ORDER BY f.path`,
      [userId],
    );
    return rows.map((r) => r.path);
  });

const removeModel = (slug: string) =>
  withDb(async (c) => {
    await c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" IN (SELECT id FROM "Model" WHERE slug = $1)`, [slug]);
    await c.query(`DELETE FROM "Model" WHERE slug = $1`, [slug]);
  });

test("a graph with its weights in model.onnx_data loads from both files and computes x · W + b", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  // PRIVATE (the default), so the public catalog other specs count stays as it is; the admin tries it.
  const admin = await person({ role: "ADMIN" });
  const api = client(request, admin);
  const license = await ownLicense();
  const org = `e2e-ext-${nid()}`;
  const slug = `${org}/matmul`;
  try {
    await expectJson(
      await api.post("/api/v1/admin/models", {
        org,
        name: "matmul",
        title: "External-data MatMul",
        task: "e2e-tensors",
        license: license.slug,
        gating: "OPEN",
        playgroundEnabled: true,
      }),
      201,
    );
    await expectJson(await api.post(`/api/v1/admin/models/${slug}/versions`, { name: "v1" }), 201);
    const versionPath = `/api/v1/admin/models/${slug}/versions/v1`;
    const { graph, data } = externalDataModel();
    await upload(api, versionPath, "model.onnx", graph);
    await upload(api, versionPath, EXTERNAL_DATA_FILE, data);
    // The worker verifies both files, then inspects the graph and finds the file it names.
    await expect
      .poll(() => files(slug), { timeout: 60_000, intervals: [500] })
      .toEqual([
        { path: "model.onnx", status: "READY", external: [EXTERNAL_DATA_FILE] },
        { path: EXTERNAL_DATA_FILE, status: "READY", external: [] },
      ]);
    await expectJson(await api.post(`${versionPath}/publication`), 200);
    await expectJson(await api.put(`/api/v1/admin/models/${slug}/latest`, { version: "v1" }), 200);
    await expectJson(await api.post(urls.accept({ slug }), { licenseVersionId: license.v1.id }), 201);

    await useSession(context, baseURL as string, admin);
    await page.goto(`/models/${slug}/try`);
    await loadModel(page);
    await expect(page.getByText(`${EXTERNAL_DATA_FILE}: 32 B of 32 B`)).toBeVisible();
    expect(await playgroundEvents(admin.userId)).toEqual(["model.onnx", EXTERNAL_DATA_FILE]);
    // Both verified files are cached under their sha256.
    await expect(page.getByTestId("cached-file")).toHaveCount(2);

    const x = [1, 2, 3];
    await page.getByText("JSON input", { exact: true }).click();
    await page.getByTestId("json-input").fill(JSON.stringify({ x: [x] }));
    await page.getByTestId("run-tensors").click();
    const output = page.getByTestId("tensor-output");
    await expect(output).toHaveAttribute("data-name", "y", { timeout: 30_000 });
    await expect(output).toContainText("[1, 2] (2 values)");
    const y = ((await output.locator("pre, code").first().textContent()) ?? "").split(",").map(Number);
    expect(y).toHaveLength(2);
    expected(x).forEach((v, i) => expect(y[i]).toBeCloseTo(v, 4));
  } finally {
    await removeModel(slug);
  }
});
