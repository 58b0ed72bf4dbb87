// The Hugging Face Hub compatible API driven by the real client, @huggingface/hub, with the portal
// as its hubUrl and an `hf_` token: metadata shapes, Link-header pages, downloads whose sha256
// matches, Range through the redirect, and the Hub's X-Error-Code on refusals that write nothing.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { downloadFile, fileDownloadInfo, HubApiError, listFiles, modelInfo, pathsInfo } from "@huggingface/hub";
import { rows, withDb } from "../fixtures/db";
import { SEEDED, apply, client, expectJson, person, seeded, type Submitted } from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";
import { createModel } from "../fixtures/models";

const slug = SEEDED.AUTO;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

type Row = { path: string; sha256: string; size: string; commitSha: string };
const readyFiles = () =>
  withDb(async (c) => {
    const { rows } = await c.query<Row>(
      `SELECT f.path, f.sha256, f.size::text AS size, v."commitSha" AS "commitSha" FROM "ModelFile" f
         JOIN "Model" m ON m."latestVersionId" = f."versionId" JOIN "ModelVersion" v ON v.id = f."versionId"
        WHERE m.slug = $1 AND f.status = 'READY' ORDER BY f.path`,
      [slug],
    );
    return rows;
  });
const eventsOf = (userId: string) =>
  withDb(async (c) =>
    (
      await c.query<{ channel: string }>(
        `SELECT channel::text FROM "DownloadEvent" e WHERE "userId" = $1 ORDER BY (SELECT a.seq FROM "AuditEvent" a WHERE a."targetType" = 'DownloadEvent' AND a."targetId" = e.id)`,
        [userId],
      )
    ).rows.map((r) => r.channel),
  );

/** A researcher with an approved grant on the AUTO model (AUTO approves at once) and a READ token. */
const approved = async (request: Parameters<typeof client>[0]) => {
  const me = await person();
  await expectJson<Submitted>(await apply(client(request, me), await seeded(slug)), 201);
  return { ...me, token: (await createApiToken(me.userId, "READ")).token };
};

test("metadata: modelInfo, listFiles (paged by Link) and pathsInfo return the Hub's shapes for the READY files", async ({
  baseURL,
  request,
}) => {
  const me = await approved(request);
  const files = await readyFiles();
  expect(files.length).toBeGreaterThan(0);
  const hub = { hubUrl: baseURL as string, accessToken: me.token };

  const info = await modelInfo({ ...hub, name: slug, additionalFields: ["sha", "filePaths"] });
  expect(info).toMatchObject({
    name: slug,
    gated: "auto",
    private: false,
    sha: files[0]?.commitSha,
    filePaths: files.map((f) => f.path),
  });

  // Pages of one entry: the client follows each Link header until there is none.
  const urls: string[] = [];
  const onePerPage: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    if (!url.searchParams.has("limit")) url.searchParams.set("limit", "1");
    urls.push(url.href);
    return fetch(url, init);
  };
  const listed = [];
  for await (const e of listFiles({ ...hub, repo: slug, recursive: true, fetch: onePerPage })) listed.push(e);
  const listedFiles = listed.filter((e) => e.type === "file");
  expect(listedFiles.map((e) => [e.path, e.size, e.lfs?.oid, e.lfs?.size])).toEqual(
    files.map((f) => [f.path, Number(f.size), f.sha256, Number(f.size)]),
  );
  expect(urls.length).toBe(listed.length);
  expect(new Set(urls).size).toBe(urls.length);

  const first = files[0] as Row;
  const paths = await pathsInfo({ ...hub, repo: slug, paths: [first.path, "no/such/file.bin"] });
  expect(paths).toEqual([
    expect.objectContaining({
      path: first.path,
      type: "file",
      size: Number(first.size),
      lfs: expect.objectContaining({ oid: first.sha256 }),
    }),
  ]);
});

test("listFiles follows the Link header page by page; a researcher gets 404 RepoNotFound for the private model", async ({
  baseURL,
  request,
}) => {
  // A private model of this spec's own with five files in three directories (listing needs no bytes).
  const model = await createModel();
  try {
    const commitSha = createHash("sha1").update(model.id).digest("hex");
    const paths = ["a.json", "onnx/b.onnx", "onnx/c.onnx", "onnx/q/d.onnx", "z/e.bin"];
    await rows.createPublishedVersion(
      model.id,
      paths.map((p) => ({ path: p, size: 7, storageKey: `e2e/${model.id}/${p}` })),
      { commitSha },
    );
    const admin = await person({ role: "ADMIN" });
    const hub = { hubUrl: baseURL as string, accessToken: (await createApiToken(admin.userId, "READ")).token };
    const urls: string[] = [];
    const twoPerPage: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (!url.searchParams.has("limit")) url.searchParams.set("limit", "2");
      urls.push(url.href);
      return fetch(url, init);
    };
    const listed = [];
    for await (const e of listFiles({ ...hub, repo: model.slug, recursive: true, fetch: twoPerPage }))
      listed.push(`${e.type}:${e.path}`);
    expect(listed).toEqual([
      "file:a.json",
      "directory:onnx",
      "file:onnx/b.onnx",
      "file:onnx/c.onnx",
      "directory:onnx/q",
      "file:onnx/q/d.onnx",
      "directory:z",
      "file:z/e.bin",
    ]);
    expect(urls).toHaveLength(4);
    expect(urls.slice(1).every((u) => new URL(u).searchParams.has("cursor"))).toBe(true);
    const top = [];
    for await (const e of listFiles({ ...hub, repo: model.slug, path: "onnx" })) top.push(e.path);
    expect(top).toEqual(["onnx/b.onnx", "onnx/c.onnx", "onnx/q"]);

    const researcher = await approved(request);
    const hidden = await fetch(`${baseURL}/api/models/${model.slug}/tree/main`, {
      headers: { Authorization: `Bearer ${researcher.token}` },
    });
    expect([hidden.status, hidden.headers.get("x-error-code")]).toEqual([404, "RepoNotFound"]);
  } finally {
    await model.remove();
  }
});

test("download: downloadFile's bytes match the sha256, HEAD gives the Hub's headers, Range is honoured through the redirect", async ({
  baseURL,
  request,
}) => {
  const me = await approved(request);
  const file = (await readyFiles())[0] as Row;
  const hub = { hubUrl: baseURL as string, accessToken: me.token };

  const meta = await fileDownloadInfo({ ...hub, repo: slug, path: file.path });
  expect(meta?.size).toBe(Number(file.size));
  const blob = await downloadFile({ ...hub, repo: slug, path: file.path });
  const bytes = new Uint8Array(await (blob as Blob).arrayBuffer());
  expect(sha256(bytes)).toBe(file.sha256);

  const url = `${baseURL}/${slug}/resolve/main/${file.path}`;
  const auth = { Authorization: `Bearer ${me.token}` };
  const head = await fetch(url, { method: "HEAD", headers: auth, redirect: "manual" });
  expect(head.status).toBe(302);
  expect(head.headers.get("x-repo-commit")).toBe(file.commitSha);
  expect(head.headers.get("x-linked-etag")).toBe(`"${file.sha256}"`);
  expect(head.headers.get("x-linked-size")).toBe(file.size);
  expect(head.headers.get("etag")).toMatch(/^"[0-9a-f]{40}"$/);
  expect(head.headers.get("cache-control")).toBe("no-store");
  expect(new URL(head.headers.get("location") as string).searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);

  const end = Math.min(Number(file.size), 200) - 1;
  const ranged = await fetch(url.replace("/main/", `/${file.commitSha}/`), {
    headers: { ...auth, Range: `bytes=10-${end}` },
  });
  expect(ranged.status).toBe(206);
  expect(Buffer.from(await ranged.arrayBuffer())).toEqual(Buffer.from(bytes.subarray(10, end + 1)));
  // fileDownloadInfo (1) + downloadFile (its info call and its GET) + HEAD + the ranged GET: each issued URL is recorded once.
  expect(await eventsOf(me.userId)).toEqual(["HF", "HF", "HF", "HF", "HF"]);
});

test("refusals: no grant is 403 GatedRepo with our gate code, unknown repo 404 RepoNotFound, unknown file 404 EntryNotFound; none records a download", async ({
  baseURL,
  request,
}) => {
  const file = (await readyFiles())[0] as Row;
  const outsider = await person();
  const token = (await createApiToken(outsider.userId, "READ")).token;
  const me = await approved(request);
  const hub = { hubUrl: baseURL as string };
  const resolve = (t: string, path: string) =>
    fetch(`${baseURL}/${path}`, { headers: { Authorization: `Bearer ${t}` }, redirect: "manual" });

  const gated = await resolve(token, `${slug}/resolve/main/${file.path}`);
  expect(gated.status).toBe(403);
  expect(gated.headers.get("x-error-code")).toBe("GatedRepo");
  expect(gated.headers.get("x-error-message")).toContain(`/models/${slug}`);
  // The Hub's body: `error` is the text clients print; our gate code rides beside it.
  expect(await gated.json()).toEqual({
    error: expect.stringContaining(`Next step: ${baseURL}/models/${slug}/request`),
    code: "REQUEST_REQUIRED",
    action: `${baseURL}/models/${slug}/request`,
  });
  const thrown = await downloadFile({ ...hub, accessToken: token, repo: slug, path: file.path }).catch(
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(HubApiError);
  expect((thrown as HubApiError).statusCode).toBe(403);
  expect((thrown as HubApiError).message).toMatch(/^Request access to this model to download it\. Next step: http/);
  // Metadata needs no grant, as for the Hub's gated repos.
  expect((await modelInfo({ ...hub, accessToken: token, name: slug })).gated).toBe("auto");

  const noRepo = await resolve(me.token, `${slug}-nope/resolve/main/${file.path}`);
  expect([noRepo.status, noRepo.headers.get("x-error-code")]).toEqual([404, "RepoNotFound"]);
  const infoErr = await modelInfo({ ...hub, accessToken: me.token, name: `${slug}-nope` }).catch((e: unknown) => e);
  expect((infoErr as HubApiError).statusCode).toBe(404);
  const noRev = await resolve(me.token, `${slug}/resolve/v999/${file.path}`);
  expect([noRev.status, noRev.headers.get("x-error-code")]).toEqual([404, "RevisionNotFound"]);
  const noFile = await resolve(me.token, `${slug}/resolve/main/no/such.onnx`);
  expect([noFile.status, noFile.headers.get("x-error-code")]).toEqual([404, "EntryNotFound"]);
  expect(await noFile.json()).toEqual({ error: "Entry not found: no/such.onnx.", code: "NOT_FOUND" });
  expect(await downloadFile({ ...hub, accessToken: me.token, repo: slug, path: "no/such.onnx" })).toBeNull();
  const anonymous = await fetch(`${baseURL}/${slug}/resolve/main/${file.path}`, { redirect: "manual" });
  expect([anonymous.status, anonymous.headers.get("x-error-code")]).toEqual([401, "GatedRepo"]);

  expect(await eventsOf(outsider.userId)).toEqual([]);
  expect(await eventsOf(me.userId)).toEqual([]);
});
