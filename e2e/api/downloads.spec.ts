// Downloads through the REST routes against the real stack: the files route's 302 leads to the
// exact stored bytes (sha256 as listed), with a session or a bearer READ token; the manifest's
// URLs all fetch; every refusal has its code and writes no DownloadEvent.
import { createHash } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { rows, withDb } from "../fixtures/db";
import {
  DAY_MS,
  SEEDED,
  apply,
  client,
  expectError,
  expectJson,
  ownLicense,
  person,
  seeded,
  setRequest,
  type Submitted,
} from "../fixtures/access-world";

type Listed = {
  model: { slug: string };
  revision: { name: string; commitSha: string };
  files: { path: string; size: number; sha256: string | null; status: string }[];
};
type Manifest = {
  revision: { name: string; commitSha: string };
  files: { path: string; size: number; sha256: string; url: string; expiresAt: string }[];
  notReady: unknown[];
};

const AUTO = SEEDED.AUTO;
const fileUrl = (slug: string, path: string, revision?: string) =>
  `/api/v1/models/${slug}/files/${path}${revision ? `?revision=${revision}` : ""}`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const eventsOf = (userId: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ channel: string; fileId: string }>(
          `SELECT channel::text, "fileId" FROM "DownloadEvent" e WHERE "userId" = $1 ORDER BY (SELECT a.seq FROM "AuditEvent" a WHERE a."targetType" = 'DownloadEvent' AND a."targetId" = e.id)`,
          [userId],
        )
      ).rows,
  );

const listed = async (request: APIRequestContext, slug: string) =>
  expectJson<Listed>(await request.get(`/api/v1/models/${slug}/revisions/main/files`), 200);

/** Follows a 302 by hand: the Location must be a no-store redirect whose body is the file itself. */
const fetchRedirected = async (request: APIRequestContext, url: string, headers: Record<string, string>) => {
  const res = await request.get(url, { headers, maxRedirects: 0 });
  expect(res.status(), await res.text()).toBe(302);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const location = res.headers().location as string;
  expect(location).toMatch(/X-Amz-Signature=/);
  const bytes = await request.get(location);
  expect(bytes.status()).toBe(200);
  return { location, body: await bytes.body() };
};

test("anyone may list a public model's files; the listing has path, size, sha256 and status", async ({ request }) => {
  const files = await listed(request, AUTO);
  expect(files.model.slug).toBe(AUTO);
  expect(files.files.length).toBeGreaterThan(0);
  for (const f of files.files)
    expect(f).toMatchObject({
      path: expect.any(String),
      size: expect.any(Number),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: "READY",
    });
  await expectError(await request.get(`/api/v1/models/${AUTO}/revisions/no-such-rev/files`), 404, "NOT_FOUND");
  await expectError(await request.get(`/api/v1/models/nobody/nothing/revisions/main/files`), 404, "NOT_FOUND");
});

test("an approved user's 302 and a READ token's 302 fetch the exact listed bytes; events WEB then API", async ({
  request,
}) => {
  const me = await person();
  const api = client(request, me);
  await expectJson<Submitted>(await apply(api, await seeded(AUTO)), 201);
  const files = await listed(request, AUTO);
  const file = files.files[0];
  if (!file) throw new Error("seeded model has no files");

  const viaSession = await fetchRedirected(request, fileUrl(AUTO, file.path), me.headers);
  expect(viaSession.body.byteLength).toBe(file.size);
  expect(sha(viaSession.body)).toBe(file.sha256);
  expect(new URL(viaSession.location).searchParams.get("response-content-disposition")).toContain(
    `filename="${file.path.split("/").pop()}"`,
  );

  const created = await expectJson<{ token: { token: string; scope: string } }>(
    await api.post("/api/v1/me/tokens", { name: "e2e download", scope: "READ", expiresInDays: 1 }),
    201,
  );
  expect(created.token.scope).toBe("READ");
  const bearer = { authorization: `Bearer ${created.token.token}` };
  const viaToken = await fetchRedirected(request, fileUrl(AUTO, file.path, files.revision.commitSha), bearer);
  expect(sha(viaToken.body)).toBe(file.sha256);
  expect((await eventsOf(me.userId)).map((e) => e.channel)).toEqual(["WEB", "API"]);
});

test("the manifest's URLs all fetch the listed bytes, one DownloadEvent each; no-store", async ({ request }) => {
  const me = await person();
  const api = client(request, me);
  await expectJson<Submitted>(await apply(api, await seeded(AUTO)), 201);
  const files = await listed(request, AUTO);
  const res = await api.get(`/api/v1/models/${AUTO}/manifest?revision=main`);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const manifest = await expectJson<Manifest>(res, 200);
  expect(manifest.revision).toEqual(files.revision);
  expect(manifest.files.map((f) => [f.path, f.size, f.sha256])).toEqual(
    files.files.map((f) => [f.path, f.size, f.sha256]),
  );
  for (const f of manifest.files) {
    const got = await request.get(f.url);
    expect(got.status()).toBe(200);
    expect(sha(await got.body())).toBe(f.sha256);
    expect(Date.parse(f.expiresAt)).toBeGreaterThan(Date.now());
  }
  expect(await eventsOf(me.userId)).toHaveLength(manifest.files.length);
});

test("every refusal has its code and writes no DownloadEvent", async ({ request }) => {
  const auto = await seeded(AUTO);
  await seeded(SEEDED.MANUAL);
  const file = (await listed(request, AUTO)).files[0]?.path as string;
  const manualFile = (await listed(request, SEEDED.MANUAL)).files[0]?.path as string;

  // Anonymous: 401 with the sign-in step, on the file and the manifest.
  await expectError(await request.get(fileUrl(AUTO, file), { maxRedirects: 0 }), 401, "SIGN_IN_REQUIRED");
  await expectError(await request.get(`/api/v1/models/${AUTO}/manifest`), 401, "SIGN_IN_REQUIRED");

  // No request on a gated model.
  const stranger = await person();
  const noGrant = await expectError(
    await client(request, stranger).get(fileUrl(SEEDED.MANUAL, manualFile), {}),
    403,
    "REQUEST_REQUIRED",
  );
  expect(noGrant.action).toBe(`/models/${SEEDED.MANUAL}/request`);
  await expectError(
    await client(request, stranger).get(`/api/v1/models/${SEEDED.MANUAL}/manifest`),
    403,
    "REQUEST_REQUIRED",
  );

  // Revoked grant.
  const revoked = await person();
  const { request: grant } = await expectJson<Submitted>(await apply(client(request, revoked), auto), 201);
  await setRequest(grant.id, { status: "REVOKED", revokedAt: new Date(), reasonText: "e2e revocation" });
  await expectError(await client(request, revoked).get(fileUrl(AUTO, file)), 403, "GRANT_REVOKED");

  // An approved grant, but the accepted license version is not the model's current one.
  const outdated = await person();
  const other = await ownLicense();
  await rows.createRequest({
    userId: outdated.userId,
    modelId: auto.id,
    status: "APPROVED",
    expiresAt: new Date(Date.now() + 30 * DAY_MS),
  });
  await rows.createAcceptance(outdated.userId, other.v1);
  await expectError(await client(request, outdated).get(fileUrl(AUTO, file)), 403, "LICENSE_NOT_ACCEPTED");

  // Granted, but no such file / revision.
  const granted = await person();
  await expectJson<Submitted>(await apply(client(request, granted), auto), 201);
  await expectError(await client(request, granted).get(fileUrl(AUTO, "no/such-file.bin")), 404, "NOT_FOUND");
  await expectError(await client(request, granted).get(fileUrl(AUTO, file, "no-such-revision")), 404, "NOT_FOUND");
  await expectError(await client(request, granted).get(fileUrl("nobody/nothing", file)), 404, "NOT_FOUND");

  // A token that is not valid is a 401, never anonymous.
  await expectError(
    await request.get(fileUrl(AUTO, file), { headers: { authorization: `Bearer hf_${"x".repeat(37)}` } }),
    401,
    "UNAUTHORIZED",
  );

  for (const who of [stranger, revoked, outdated, granted]) expect(await eventsOf(who.userId), who.email).toEqual([]);
});
