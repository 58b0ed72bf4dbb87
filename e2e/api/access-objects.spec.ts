// Races (double submits), object-level checks (one user cannot touch another's request or receipt)
// and cross-origin writes.
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import { mailsFor } from "../fixtures/mail";
import {
  apply,
  client,
  expectError,
  expectJson,
  footprint,
  person,
  seeded,
  SEEDED,
  stateOf,
  urls,
  waitForSubject,
  type Submitted,
} from "../fixtures/access-world";

const evil = { origin: "http://evil.example" };

test("5 simultaneous submissions make exactly one request; every response names it; one mail", async ({ request }) => {
  const m = await seeded(SEEDED.MANUAL);
  const me = await person();
  const api = client(request, me);
  const responses = await Promise.all(Array.from({ length: 5 }, () => apply(api, m)));
  const statuses = responses.map((r) => r.status()).sort();
  expect(statuses, statuses.join(",")).toEqual([200, 200, 200, 200, 201]);
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as Submitted[];
  const ids = new Set(bodies.map((b) => b.request.id));
  expect(ids.size).toBe(1);
  expect(bodies.filter((b) => b.created)).toHaveLength(1);

  const rows = await withDb(
    async (c) =>
      (
        await c.query<{ id: string }>(`SELECT id FROM "AccessRequest" WHERE "userId" = $1 AND "modelId" = $2`, [
          me.userId,
          m.id,
        ])
      ).rows,
  );
  expect(rows.map((r) => r.id)).toEqual([...ids]);
  const after = await footprint(me);
  expect(after).toMatchObject({ acceptances: 1, audit: 2, mailsQueued: 1 });
  await waitForSubject(me.email, "Access request received");
  expect((await mailsFor(me.email)).length).toBe(1);
});

test("5 simultaneous license acceptances record one acceptance", async ({ request }) => {
  const open = await seeded(SEEDED.OPEN);
  const me = await person({ profile: false });
  const api = client(request, me);
  const responses = await Promise.all(
    Array.from({ length: 5 }, () => api.post(urls.accept(open), { licenseVersionId: open.licenseVersionId })),
  );
  expect(responses.map((r) => r.status()).sort()).toEqual([200, 200, 200, 200, 201]);
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as { acceptance: { id: string } }[];
  expect(new Set(bodies.map((b) => b.acceptance.id)).size).toBe(1);
  expect(await footprint(me)).toMatchObject({ acceptances: 1, audit: 1 });
});

test("user B cannot withdraw or read user A's request or receipt (404), and A's rows stay as they were", async ({
  request,
}) => {
  const m = await seeded(SEEDED.MANUAL);
  const a = await person();
  const b = await person();
  const [apiA, apiB] = [client(request, a), client(request, b)];
  const { request: mine } = await expectJson<Submitted>(await apply(apiA, m), 201);
  const receiptId = await withDb(
    async (c) =>
      (await c.query<{ id: string }>(`SELECT id FROM "LicenseAcceptance" WHERE "userId" = $1`, [a.userId])).rows[0]
        ?.id as string,
  );
  const [beforeA, beforeB] = [await footprint(a), await footprint(b)];

  const notYours = await expectError(await apiB.del(`/api/v1/me/access-requests/${mine.id}`), 404, "NOT_FOUND");
  expect(JSON.stringify(notYours)).not.toContain(SEEDED.MANUAL); // no hint about the request
  await expectError(await apiB.get(`/api/v1/me/license-acceptances/${receiptId}`), 404, "NOT_FOUND");
  expect(
    (await expectJson<{ requests: unknown[] }>(await apiB.get("/api/v1/me/access-requests"), 200)).requests,
  ).toEqual([]);
  expect(
    (await expectJson<{ acceptances: unknown[] }>(await apiB.get("/api/v1/me/license-acceptances"), 200)).acceptances,
  ).toEqual([]);
  expect([await footprint(a), await footprint(b)]).toEqual([beforeA, beforeB]);
  expect(await stateOf(apiA, m)).toMatchObject({ code: "REQUEST_PENDING", request: { id: mine.id } });
  // The receipt is there for its owner.
  expect((await apiA.get(`/api/v1/me/license-acceptances/${receiptId}`)).status()).toBe(200);
});

test("withdrawing: one's own pending request only; a decided one is a 409; afterwards the form is open again", async ({
  request,
}) => {
  const [manual, auto] = [await seeded(SEEDED.MANUAL), await seeded(SEEDED.AUTO)];
  const me = await person();
  const api = client(request, me);
  const { request: pending } = await expectJson<Submitted>(await apply(api, manual), 201);
  const { request: approved } = await expectJson<Submitted>(await apply(api, auto), 201);

  let before = await footprint(me);
  const decided = await expectError(await api.del(`/api/v1/me/access-requests/${approved.id}`), 409, "CONFLICT");
  expect(decided.message).toContain("approved");
  expect(await footprint(me)).toEqual(before);

  const withdrawn = await expectJson<{ request: { id: string; status: string } }>(
    await api.del(`/api/v1/me/access-requests/${pending.id}`),
    200,
  );
  expect(withdrawn.request).toEqual({ id: pending.id, status: "WITHDRAWN" });
  const row = await withDb(
    async (c) =>
      (await c.query(`SELECT status, "withdrawnAt" FROM "AccessRequest" WHERE id = $1`, [pending.id])).rows[0],
  );
  expect(row).toMatchObject({ status: "WITHDRAWN", withdrawnAt: expect.any(Date) });
  expect(await stateOf(api, manual)).toMatchObject({
    code: "REQUEST_REQUIRED",
    request: { id: pending.id, status: "WITHDRAWN" },
  });

  before = await footprint(me);
  await expectError(await api.del(`/api/v1/me/access-requests/${pending.id}`), 409, "CONFLICT");
  expect(await footprint(me)).toEqual(before);
  const mine = await expectJson<{ requests: { id: string; timeline: { label: string }[] }[] }>(
    await api.get("/api/v1/me/access-requests"),
    200,
  );
  const labels = mine.requests.find((r) => r.id === pending.id)?.timeline.map((t) => t.label) ?? [];
  expect([labels[0], labels.at(-1)]).toEqual(["Submitted", "Withdrawn"]);
});

test("cross-origin writes are refused with 403 FORBIDDEN and write nothing; same-origin ones pass", async ({
  request,
  baseURL,
}) => {
  const [manual, open] = [await seeded(SEEDED.MANUAL), await seeded(SEEDED.OPEN)];
  const me = await person();
  const api = client(request, me);
  const { request: pending } = await expectJson<Submitted>(await apply(api, manual), 201);
  const before = await footprint(me);

  const body = { answers: {}, licenseVersionId: manual.licenseVersionId };
  await expectError(await api.post(urls.requests(manual), body, evil), 403, "FORBIDDEN");
  await expectError(
    await api.post(urls.accept(open), { licenseVersionId: open.licenseVersionId }, evil),
    403,
    "FORBIDDEN",
  );
  await expectError(
    await api.post(urls.accept(open), { licenseVersionId: open.licenseVersionId }, { origin: "null" }),
    403,
    "FORBIDDEN",
  );
  await expectError(await api.del(`/api/v1/me/access-requests/${pending.id}`, evil), 403, "FORBIDDEN");
  await expectError(
    await api.put(
      "/api/v1/me/profile",
      { name: "Mallory", affiliation: "Evil Corp", position: "Attacker", country: "DE" },
      evil,
    ),
    403,
    "FORBIDDEN",
  );
  const url = new URL(baseURL ?? "");
  await expectError(
    await api.post(
      urls.accept(open),
      { licenseVersionId: open.licenseVersionId },
      { origin: `http://localhost:${url.port}` },
    ),
    403,
    "FORBIDDEN",
  );
  expect(await footprint(me)).toEqual(before);

  // Control: the app's own origin may write.
  const ok = await api.post(urls.accept(open), { licenseVersionId: open.licenseVersionId }, { origin: url.origin });
  expect(ok.status()).toBe(201);
});

test("a suspended account's session counts as signed out: SIGN_IN_REQUIRED everywhere, nothing written", async ({
  request,
}) => {
  const m = await seeded(SEEDED.MANUAL);
  const me = await person();
  await withDb((c) => c.query(`UPDATE "User" SET status = 'SUSPENDED' WHERE id = $1`, [me.userId]));
  const api = client(request, me);
  expect(await stateOf(api, m)).toMatchObject({ code: "SIGN_IN_REQUIRED", granted: false, request: null });
  const before = await footprint(me);
  await expectError(await apply(api, m), 401, "SIGN_IN_REQUIRED");
  await expectError(await api.get("/api/v1/me/access-requests"), 401, "SIGN_IN_REQUIRED");
  await expectError(
    await api.put("/api/v1/me/profile", {
      name: "Sus Pended",
      affiliation: "Nowhere",
      position: "None",
      country: "DE",
    }),
    401,
    "SIGN_IN_REQUIRED",
  );
  expect(await footprint(me)).toEqual(before);
});
