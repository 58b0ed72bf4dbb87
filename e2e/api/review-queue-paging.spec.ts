// The review queue's keyset pages over HTTP: Next and Previous cursors walk a reviewer's queue (and
// the admin tools' copy of it) with the filters applied on every page, and a cursor the server did
// not make, or one made for the other order, is a 400 INVALID_CURSOR that changes nothing.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectError, expectJson } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { reviewWorld, type ReviewWorld } from "../fixtures/review-world";

type Page = {
  total: number;
  pageSize: number;
  nextCursor: string | null;
  prevCursor: string | null;
  requests: { id: string }[];
};

/** The world's requests in queue order (oldest first, then by id), straight from the database. */
const queueOrder = (ids: string[]) =>
  withDb(async (c) =>
    (
      await c.query<{ id: string }>(`SELECT id FROM "AccessRequest" WHERE id = ANY($1) ORDER BY "createdAt", id`, [ids])
    ).rows.map((r) => r.id),
  );

/** Every page forward, then every page back from the last one: the ids of each. */
const walk = async (get: (query: string) => Promise<Page>, query: string) => {
  const forward: string[][] = [];
  let page = await get(query);
  expect(page.prevCursor).toBeNull();
  forward.push(page.requests.map((r) => r.id));
  while (page.nextCursor) {
    page = await get(`${query}&cursor=${encodeURIComponent(page.nextCursor)}`);
    forward.push(page.requests.map((r) => r.id));
  }
  const backward = [page.requests.map((r) => r.id)];
  while (page.prevCursor) {
    page = await get(`${query}&cursor=${encodeURIComponent(page.prevCursor)}`);
    backward.unshift(page.requests.map((r) => r.id));
  }
  return { forward, backward, total: page.total };
};

/** GET `path?query` as the caller whose headers these are (a session cookie or a bearer token). */
const getter = (request: APIRequestContext, headers: Record<string, string>, path: string) => async (query: string) =>
  expectJson<Page>(await request.get(`${path}?${query}`, { headers }), 200);

let w: ReviewWorld;
test.afterEach(async () => {
  await w?.remove();
});

test("a reviewer pages the queue by cursor, Next to the end and Previous back, filters kept; the admin API pages alike", async ({
  request,
}) => {
  w = await reviewWorld();
  const lab = `Paging Lab ${w.domain}`;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await w.request({ affiliation: i % 2 ? "Elsewhere" : lab }));
  const order = await queueOrder(ids);
  const inLab = await queueOrder([ids[0], ids[2], ids[4]] as string[]);

  const reviewer = getter(request, w.people.reviewer.headers, "/api/v1/review/requests");
  const all = await walk(reviewer, `model=${w.model.slug}&pageSize=2`);
  expect(all.forward).toEqual([order.slice(0, 2), order.slice(2, 4), order.slice(4)]);
  expect(all.backward).toEqual(all.forward);
  expect(all.total).toBe(5);

  const filtered = await walk(reviewer, `model=${w.model.slug}&affiliation=${encodeURIComponent(lab)}&pageSize=2`);
  expect(filtered.forward).toEqual([inLab.slice(0, 2), inLab.slice(2)]);
  expect(filtered.total).toBe(3);

  const newest = await walk(reviewer, `model=${w.model.slug}&sort=newest&pageSize=3`);
  expect(newest.forward).toEqual([[...order].reverse().slice(0, 3), [...order].reverse().slice(3)]);

  const admin = getter(request, w.callers.adminToken.headers, "/api/v1/admin/access-requests");
  expect((await walk(admin, `model=${w.model.slug}&pageSize=2`)).forward).toEqual(all.forward);
});

test("a cursor the server did not make, or one from the other order, is 400 INVALID_CURSOR and changes nothing", async ({
  request,
}) => {
  w = await reviewWorld();
  await w.request();
  await w.request();
  const get = (path: string, headers: Record<string, string>) => request.get(path, { headers });
  const reviewer = w.people.reviewer.headers;
  const first = await expectJson<Page>(
    await get(`/api/v1/review/requests?model=${w.model.slug}&pageSize=1`, reviewer),
    200,
  );
  const cursor = first.nextCursor as string;
  expect(cursor).toEqual(expect.any(String));
  const forged = Buffer.from(JSON.stringify({ v: 1, s: "oldest", d: "after", t: "soon", id: "x" })).toString(
    "base64url",
  );
  const before = await w.footprint();
  for (const [path, headers, bad] of [
    ["/api/v1/review/requests", reviewer, "garbage!"],
    ["/api/v1/review/requests", reviewer, forged],
    ["/api/v1/review/requests", reviewer, "A".repeat(400)],
    ["/api/v1/admin/access-requests", w.callers.adminToken.headers, "e30"], // base64url of "{}"
  ] as const) {
    const error = await expectError(
      await get(`${path}?model=${w.model.slug}&cursor=${encodeURIComponent(bad)}`, headers),
      400,
      "INVALID_CURSOR",
    );
    expect(error.message).toContain("is not one this server made");
  }
  const otherOrder = await expectError(
    await get(`/api/v1/review/requests?model=${w.model.slug}&sort=newest&cursor=${cursor}`, reviewer),
    400,
    "INVALID_CURSOR",
  );
  expect(otherOrder.message).toContain('belongs to the "oldest" order, not "newest"');
  expect(await w.footprint()).toEqual(before);
  // The cursor itself is good with the order it came from.
  const second = await expectJson<Page>(
    await get(`/api/v1/review/requests?model=${w.model.slug}&pageSize=1&cursor=${cursor}`, reviewer),
    200,
  );
  expect(second.requests).toHaveLength(1);
  expect(second.requests[0]?.id).not.toBe(first.requests[0]?.id);
});
