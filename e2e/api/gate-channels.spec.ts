// One refusal table through every download channel: the REST file route, the manifest, the Hub's
// resolve route (in the Hub's error shape) and the playground session answer each gate state with
// the same code and status, and none of them records a DownloadEvent. The granted row is the control.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { errorStatus, type ErrorCode } from "../../lib/errors";
import { withDb } from "../fixtures/db";
import {
  apply,
  client,
  daysFromNow,
  expectJson,
  ownModel,
  person,
  seeded,
  SEEDED,
  setRequest,
} from "../fixtures/access-world";
import type { Submitted } from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";

const { MANUAL, OPEN } = SEEDED; // PUBLIC, files published, playground on
const FILE = "model.onnx";

type Caller = { userId: string | null; headers: Record<string, string> };

const eventsOf = (userId: string | null) =>
  userId
    ? withDb(
        async (c) =>
          (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DownloadEvent" WHERE "userId" = $1`, [userId]))
            .rows[0]?.n,
      )
    : Promise.resolve(0);

/** Each channel's answer as (status, code): our JSON error shape, or the Hub's `{ error, code }`. */
const channels = (request: APIRequestContext, slug: string, who: Caller) => ({
  file: async () => {
    const res = await request.get(`/api/v1/models/${slug}/files/${FILE}`, { headers: who.headers, maxRedirects: 0 });
    return [res.status(), res.status() < 400 ? null : ((await res.json()) as { error: { code: string } }).error.code];
  },
  manifest: async () => {
    const res = await request.get(`/api/v1/models/${slug}/manifest`, { headers: who.headers });
    return [res.status(), res.status() < 400 ? null : ((await res.json()) as { error: { code: string } }).error.code];
  },
  hub: async () => {
    const res = await request.get(`/${slug}/resolve/main/${FILE}`, { headers: who.headers, maxRedirects: 0 });
    return [res.status(), res.status() < 400 ? null : ((await res.json()) as { code: string }).code];
  },
  playground: async () => {
    const res = await request.post(`/api/v1/models/${slug}/playground-sessions`, { headers: who.headers, data: {} });
    return [res.status(), res.status() < 400 ? null : ((await res.json()) as { error: { code: string } }).error.code];
  },
});

/** A researcher with a READ token and a request for MANUAL, put in the given state. */
const researcherIn = async (
  request: APIRequestContext,
  setUp: (requestId: string, userId: string) => Promise<unknown>,
) => {
  const me = await person();
  const submitted = await expectJson<Submitted>(await apply(client(request, me), await seeded(MANUAL)), 201);
  await setUp(submitted.request.id, me.userId);
  const token = await createApiToken(me.userId, "READ");
  return { userId: me.userId, headers: token.headers };
};
const withToken = async (p: { userId: string }) => ({
  userId: p.userId,
  headers: (await createApiToken(p.userId, "READ")).headers,
});
const approve = (id: string) =>
  setRequest(id, { status: "APPROVED", decidedAt: new Date(), expiresAt: daysFromNow(30) });

const table: {
  state: string;
  code: ErrorCode;
  slug?: string;
  caller: (r: APIRequestContext) => Promise<Caller>;
}[] = [
  { state: "anonymous", code: "SIGN_IN_REQUIRED", caller: async () => ({ userId: null, headers: {} }) },
  {
    state: "profile incomplete",
    code: "PROFILE_INCOMPLETE",
    caller: async () => withToken(await person({ profile: false })),
  },
  { state: "no request", code: "REQUEST_REQUIRED", caller: async () => withToken(await person()) },
  { state: "pending", code: "REQUEST_PENDING", caller: (r) => researcherIn(r, async () => {}) },
  {
    state: "rejected",
    code: "REQUEST_REJECTED",
    caller: (r) => researcherIn(r, (id) => setRequest(id, { status: "REJECTED", decidedAt: new Date() })),
  },
  {
    state: "revoked",
    code: "GRANT_REVOKED",
    caller: (r) =>
      researcherIn(r, (id) => setRequest(id, { status: "REVOKED", decidedAt: new Date(), revokedAt: new Date() })),
  },
  {
    state: "expired",
    code: "GRANT_EXPIRED",
    caller: (r) =>
      researcherIn(r, (id) =>
        setRequest(id, { status: "APPROVED", decidedAt: daysFromNow(-2), expiresAt: daysFromNow(-1) }),
      ),
  },
  // An OPEN model needs no request, only its license accepted.
  {
    state: "license not accepted",
    code: "LICENSE_NOT_ACCEPTED",
    slug: OPEN,
    caller: async () => withToken(await person()),
  },
];

for (const row of table)
  test(`${row.state}: ${row.code} on every channel, nothing recorded`, async ({ request }) => {
    const who = await row.caller(request);
    const answers = channels(request, row.slug ?? MANUAL, who);
    for (const [channel, call] of Object.entries(answers))
      expect([channel, ...(await call())]).toEqual([channel, errorStatus[row.code], row.code]);
    expect(await eventsOf(who.userId)).toBe(0);
  });

test("a model the caller may not see: NOT_FOUND on every channel; a blocked country: GEO_BLOCKED; nothing recorded", async ({
  request,
}) => {
  const m = await ownModel({ gating: "AUTO", rules: { blockedCountries: ["NZ"] } });
  try {
    await withDb((c) => c.query(`UPDATE "Model" SET "playgroundEnabled" = true WHERE id = $1`, [m.id]));
    const outsider = await withToken(await person());
    for (const [channel, call] of Object.entries(channels(request, m.slug, outsider)))
      expect([channel, ...(await call())]).toEqual([channel, 404, "NOT_FOUND"]);
    // Admins see private models; the country rule still holds for them.
    const blocked = await withToken(await person({ role: "ADMIN", country: "NZ" }));
    for (const [channel, call] of Object.entries(channels(request, m.slug, blocked)))
      expect([channel, ...(await call())]).toEqual([channel, 403, "GEO_BLOCKED"]);
    expect([await eventsOf(outsider.userId), await eventsOf(blocked.userId)]).toEqual([0, 0]);
  } finally {
    await m.remove();
  }
});

test("control: a live grant with the license accepted gets a URL on every channel, each one recorded", async ({
  request,
}) => {
  const who = await researcherIn(request, (id) => approve(id));
  const answers = channels(request, MANUAL, who);
  expect(await answers.file()).toEqual([302, null]);
  expect(await answers.manifest()).toEqual([200, null]);
  expect(await answers.hub()).toEqual([302, null]);
  expect(await answers.playground()).toEqual([201, null]);
  expect(await eventsOf(who.userId)).toBeGreaterThanOrEqual(4);
});
