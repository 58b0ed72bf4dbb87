// A grant's download quota on the real stack: a reviewer sets it through the API, the grantee sees
// it on /access, a file fetched again under a live URL counts once, and past the quota every
// channel refuses with QUOTA_EXCEEDED (the Hub's routes in their own error shape) and records nothing.
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import {
  SEEDED,
  apply,
  client,
  expectError,
  expectJson,
  person,
  seeded,
  type Submitted,
} from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";

type Quota = { files: { limit: number; used: number } | null; bytes: { limit: number; used: number } | null } | null;
type Listing = {
  revision: { commitSha: string };
  files: { path: string; size: number; sha256: string; url?: string }[];
};

const AUTO = SEEDED.AUTO;
const countedOf = (userId: string) =>
  withDb(async (c) =>
    (
      await c.query<{ counted: boolean }>(
        `SELECT "countsTowardQuota" AS counted FROM "DownloadEvent" WHERE "userId" = $1 ORDER BY "issuedAt", id`,
        [userId],
      )
    ).rows.map((r) => r.counted),
  );

test("a reviewer's quota holds on every channel: repeats under a live URL are free, the next download is QUOTA_EXCEEDED and writes nothing", async ({
  request,
  baseURL,
}) => {
  const me = await person();
  const api = client(request, me);
  const submitted = await expectJson<Submitted>(await apply(api, await seeded(AUTO)), 201);
  expect(submitted.request.status).toBe("APPROVED");
  const admin = await person({ role: "ADMIN" });
  const adminApi = client(request, admin);

  // Reviewers only: the grantee cannot set their own quota, and bad input is a 422 naming the field.
  await expectError(
    await api.put(`/api/v1/review/requests/${submitted.request.id}/quota`, { files: 99 }),
    404,
    "NOT_FOUND",
  );
  await expectError(
    await adminApi.put(`/api/v1/review/requests/${submitted.request.id}/quota`, { files: -1 }),
    422,
    "VALIDATION_FAILED",
  );
  await expectJson(await adminApi.put(`/api/v1/review/requests/${submitted.request.id}/quota`, { files: 1 }), 200);
  const quotaOf = async () =>
    (await expectJson<{ quota: Quota }>(await api.get(`/api/v1/models/${AUTO}/access`), 200)).quota;
  expect(await quotaOf()).toEqual({ files: { limit: 1, used: 0 }, bytes: null });

  // Listing without URLs issues and records nothing.
  const listing = await expectJson<Listing>(await api.get(`/api/v1/models/${AUTO}/manifest?urls=false`), 200);
  const file = listing.files[0];
  if (!file) throw new Error("the seeded model has no file");
  expect(file.url).toBeUndefined();
  expect(await countedOf(me.userId)).toEqual([]);

  const token = await createApiToken(me.userId, "READ");
  const resolve = (method: "HEAD" | "GET") =>
    fetch(`${baseURL}/${AUTO}/resolve/main/${file.path}`, { method, headers: token.headers, redirect: "manual" });
  // The Hub clients' HEAD then GET, then the REST route: one download.
  expect((await resolve("HEAD")).status).toBe(302);
  expect((await resolve("GET")).status).toBe(302);
  expect(
    (await request.get(`/api/v1/models/${AUTO}/files/${file.path}`, { headers: me.headers, maxRedirects: 0 })).status(),
  ).toBe(302);
  expect(await countedOf(me.userId)).toEqual([true, false, false]);
  expect(await quotaOf()).toEqual({ files: { limit: 1, used: 1 }, bytes: null });

  // Once those URLs have expired, fetching the file again is a second download: over the quota.
  await withDb((c) =>
    c.query(`UPDATE "DownloadEvent" SET "urlExpiresAt" = now() - interval '1 second' WHERE "userId" = $1`, [me.userId]),
  );
  const rest = await request.get(`/api/v1/models/${AUTO}/files/${file.path}`, { headers: me.headers, maxRedirects: 0 });
  const body = await expectError(rest, 403, "QUOTA_EXCEEDED");
  expect(JSON.stringify(body)).toContain("left: 0 of 1 downloads");
  await expectError(await api.get(`/api/v1/models/${AUTO}/manifest`), 403, "QUOTA_EXCEEDED");
  const hub = await resolve("GET");
  expect(hub.status).toBe(403);
  expect(await hub.json()).toMatchObject({ code: "QUOTA_EXCEEDED", error: expect.stringContaining("download quota") });
  expect(await countedOf(me.userId)).toEqual([true, false, false]);

  // Raised by the reviewer: downloads go on.
  await expectJson(await adminApi.put(`/api/v1/review/requests/${submitted.request.id}/quota`, { files: 2 }), 200);
  expect((await resolve("GET")).status).toBe(302);
  expect(await quotaOf()).toEqual({ files: { limit: 2, used: 2 }, bytes: null });
});
