// Authorization matrix of the review section: every review/admin API route and page ×
// {anonymous, researcher, reviewer of another model, reviewer of this model, admin (session),
// admin's READ-scope token, admin's ADMIN-scope token}. Each cell asserts the status and error
// code; every refused call (and every read) leaves the world's footprint exactly as it was, and
// every allowed write is checked in the database (state, actor, audit row).
// One test per route, each with a world of its own (review-world.ts), so routes run in parallel.
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DAY_MS, expectError, expectJson, nid } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { callerNames, type CallerName, type ReviewWorld, reviewWorld, type Who } from "../fixtures/review-world";

type Outcome =
  /** Refused with this status and error code; nothing changed. */
  | { refuse: [number, string] }
  /** 200 with an empty list (the caller reviews nothing); nothing changed. */
  | { empty: true }
  /** 200, but every item refused with this code (bulk); nothing changed. */
  | { items: string }
  /** Allowed: the row's status, then its own checks. */
  | { allow: true };

const R = (status: number, code: string): Outcome => ({ refuse: [status, code] });
const ALLOW: Outcome = { allow: true };
const EMPTY: Outcome = { empty: true };

/** Routes a reviewer of the model may use. READ tokens may read (and see nothing) but not write. */
const reviewRoute = (kind: "read" | "write"): Record<CallerName, Outcome> => ({
  anonymous: R(401, "SIGN_IN_REQUIRED"),
  researcher: R(404, "NOT_FOUND"),
  otherReviewer: R(404, "NOT_FOUND"),
  reviewer: ALLOW,
  admin: ALLOW,
  adminReadToken: kind === "write" ? R(403, "FORBIDDEN") : R(404, "NOT_FOUND"),
  adminToken: ALLOW,
});
/** Admin-only routes: everyone else gets 404 (no hint the route exists); READ tokens 403. */
const adminRoute: Record<CallerName, Outcome> = {
  anonymous: R(401, "SIGN_IN_REQUIRED"),
  researcher: R(404, "NOT_FOUND"),
  otherReviewer: R(404, "NOT_FOUND"),
  reviewer: R(404, "NOT_FOUND"),
  admin: ALLOW,
  adminReadToken: R(403, "FORBIDDEN"),
  adminToken: ALLOW,
};

type Cell = { url: string; data?: unknown; allowed: (res: APIResponse, who: Who) => Promise<void> };
type Row = {
  method: "GET" | "POST" | "DELETE";
  path: string;
  okStatus: number;
  expect: Record<CallerName, Outcome>;
  /** Arranges what every cell of the row shares (read routes), once. */
  setup?: (w: ReviewWorld, request: APIRequestContext) => Promise<Record<string, string>>;
  /** A GET that writes on purpose (the CSV export audits itself): its allowed cells are checked like writes. */
  writes?: boolean;
  /** Arranges one cell: a fresh target for writes, so each allowed caller has something to change. */
  cell: (w: ReviewWorld, who: Who, shared: Record<string, string>) => Promise<Cell>;
};

type Queue = { total: number; requests: { id: string; model: { slug: string } }[] };
const ids = (q: Queue) => q.requests.map((r) => r.id).sort();
const future = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** The request was decided by `who` (state and audit row). */
const expectDecided = async (w: ReviewWorld, id: string, who: Who, status: "APPROVED" | "REJECTED") => {
  expect(await w.requestRow(id)).toMatchObject({ status, decidedById: who.userId });
  expect(await w.auditOf(id)).toEqual([{ action: `access_request.${status.toLowerCase()}`, actorId: who.userId }]);
};

/** A request of this world approved by its admin through the API: audit rows to find. */
const approvedByAdmin = async (w: ReviewWorld, request: APIRequestContext) => {
  const id = await w.request();
  await expectJson(
    await request.post(`/api/v1/review/requests/${id}/decision`, {
      headers: w.people.admin.headers,
      data: { decision: "APPROVE" },
    }),
    200,
  );
  return id;
};

/** The newest audit row written by `userId`. */
const lastAuditBy = (userId: string | null) =>
  withDb(
    async (c) =>
      (
        await c.query<{ action: string; data: { filters?: Record<string, string> } }>(
          `SELECT action, data FROM "AuditEvent" WHERE "actorId" = $1 ORDER BY seq DESC LIMIT 1`,
          [userId],
        )
      ).rows[0],
  );

const rows: Row[] = [
  {
    method: "GET",
    path: "/api/v1/review/requests?model={slug}",
    okStatus: 200,
    expect: { ...reviewRoute("read"), researcher: EMPTY, otherReviewer: EMPTY, adminReadToken: EMPTY },
    setup: async (w) => ({ id: await w.request() }),
    cell: async (w, _who, { id }) => ({
      url: `/api/v1/review/requests?model=${w.model.slug}`,
      allowed: async (res) => {
        const q = (await res.json()) as Queue;
        expect({ total: q.total, ids: ids(q) }).toEqual({ total: 1, ids: [id] });
      },
    }),
  },
  {
    // No model filter: each caller sees exactly the models it reviews (the affiliation scopes the page to this world).
    method: "GET",
    path: "/api/v1/review/requests?affiliation={world}",
    okStatus: 200,
    expect: { ...reviewRoute("read"), researcher: EMPTY, otherReviewer: ALLOW, adminReadToken: EMPTY },
    setup: async (w) => ({
      mine: await w.request({ affiliation: `Lab ${w.domain}` }),
      other: await w.request({ on: w.otherModel, affiliation: `Lab ${w.domain}` }),
    }),
    cell: async (w, who, { mine, other }) => ({
      url: `/api/v1/review/requests?affiliation=${encodeURIComponent(`Lab ${w.domain}`)}`,
      allowed: async (res) => {
        const q = (await res.json()) as Queue;
        const seen = who.name === "otherReviewer" ? [other] : who.name === "reviewer" ? [mine] : [mine, other].sort();
        expect({ total: q.total, ids: ids(q) }).toEqual({ total: seen.length, ids: seen });
      },
    }),
  },
  {
    // No filter at all: whoever reviews nothing has an empty queue, whatever else the database holds.
    method: "GET",
    path: "/api/v1/review/requests",
    okStatus: 200,
    expect: { ...reviewRoute("read"), researcher: EMPTY, otherReviewer: ALLOW, adminReadToken: EMPTY },
    setup: async (w) => ({ mine: await w.request(), other: await w.request({ on: w.otherModel }) }),
    cell: async (_w, who, { mine, other }) => ({
      url: "/api/v1/review/requests?sort=newest&pageSize=200",
      allowed: async (res) => {
        const q = (await res.json()) as Queue;
        if (who.name === "otherReviewer") expect({ total: q.total, ids: ids(q) }).toEqual({ total: 1, ids: [other] });
        else if (who.name === "reviewer") expect({ total: q.total, ids: ids(q) }).toEqual({ total: 1, ids: [mine] });
        else expect(q.total).toBeGreaterThanOrEqual(2); // admins: every model's queue
      },
    }),
  },
  {
    method: "GET",
    path: "/api/v1/review/requests/{id}",
    okStatus: 200,
    expect: reviewRoute("read"),
    setup: async (w) => ({ id: await w.request() }),
    cell: async (_w, _who, { id }) => ({
      url: `/api/v1/review/requests/${id}`,
      allowed: async (res) => {
        const { request } = (await res.json()) as {
          request: { id: string; status: string; applicant: { affiliation: { value: string } } };
        };
        expect(request).toMatchObject({
          id,
          status: "PENDING",
          applicant: { affiliation: { value: "E2E University" } },
        });
      },
    }),
  },
  {
    method: "POST",
    path: "/api/v1/review/requests/{id}/decision",
    okStatus: 200,
    expect: reviewRoute("write"),
    cell: async (w) => {
      const id = await w.request();
      return {
        url: `/api/v1/review/requests/${id}/decision`,
        data: { decision: "APPROVE" },
        allowed: async (res, who) => {
          expect(((await res.json()) as { request: { status: string } }).request.status).toBe("APPROVED");
          await expectDecided(w, id, who, "APPROVED");
        },
      };
    },
  },
  {
    method: "POST",
    path: "/api/v1/review/requests/{id}/revocation",
    okStatus: 200,
    expect: reviewRoute("write"),
    cell: async (w) => {
      const id = await w.request({ status: "APPROVED" });
      return {
        url: `/api/v1/review/requests/${id}/revocation`,
        data: { reasonText: "Shared the weights publicly." },
        allowed: async (res, who) => {
          expect(((await res.json()) as { request: { status: string } }).request.status).toBe("REVOKED");
          expect(await w.requestRow(id)).toMatchObject({
            status: "REVOKED",
            reasonCode: "REVOKED",
            reasonText: "Shared the weights publicly.",
          });
          expect(await w.auditOf(id)).toEqual([{ action: "access_request.revoked", actorId: who.userId }]);
        },
      };
    },
  },
  {
    method: "POST",
    path: "/api/v1/review/requests/{id}/extension",
    okStatus: 200,
    expect: reviewRoute("write"),
    cell: async (w) => {
      const id = await w.request({ status: "APPROVED" });
      const expiresAt = future(200);
      return {
        url: `/api/v1/review/requests/${id}/extension`,
        data: { expiresAt },
        allowed: async (res, who) => {
          expect(((await res.json()) as { request: { status: string } }).request.status).toBe("APPROVED");
          expect((await w.requestRow(id))?.expiresAt?.getTime()).toBe(new Date(expiresAt).getTime());
          expect(await w.auditOf(id)).toEqual([{ action: "access_request.extended", actorId: who.userId }]);
        },
      };
    },
  },
  {
    method: "POST",
    path: "/api/v1/review/bulk-decisions",
    okStatus: 200,
    // Outsiders get a result per item (NOT_FOUND each), exactly as for requests that do not exist.
    expect: { ...reviewRoute("write"), researcher: { items: "NOT_FOUND" }, otherReviewer: { items: "NOT_FOUND" } },
    cell: async (w) => {
      const selection = [await w.request(), await w.request()];
      return {
        url: "/api/v1/review/bulk-decisions",
        data: { ids: selection, decision: "APPROVE" },
        allowed: async (res, who) => {
          expect(((await res.json()) as { summary: unknown }).summary).toEqual({ decided: 2, unchanged: 0, failed: 0 });
          for (const id of selection) await expectDecided(w, id, who, "APPROVED");
        },
      };
    },
  },
  {
    method: "GET",
    path: "/api/v1/admin/access-requests?model={slug}",
    okStatus: 200,
    expect: adminRoute,
    setup: async (w) => ({ id: await w.request() }),
    cell: async (w, _who, { id }) => ({
      url: `/api/v1/admin/access-requests?model=${w.model.slug}&status=PENDING`,
      allowed: async (res) => {
        const q = (await res.json()) as Queue;
        expect({ total: q.total, ids: ids(q) }).toEqual({ total: 1, ids: [id] });
      },
    }),
  },
  {
    method: "POST",
    path: "/api/v1/admin/access-requests/{id}/decision",
    okStatus: 200,
    expect: adminRoute,
    cell: async (w) => {
      const id = await w.request();
      return {
        url: `/api/v1/admin/access-requests/${id}/decision`,
        // Lower case, as API clients write it.
        data: { decision: "reject", reasonCode: "NOT_ELIGIBLE", reasonText: "Only for enrolled students." },
        allowed: async (res, who) => {
          expect(((await res.json()) as { request: { status: string } }).request.status).toBe("REJECTED");
          await expectDecided(w, id, who, "REJECTED");
        },
      };
    },
  },
  {
    method: "GET",
    path: "/api/v1/admin/models/{org}/{name}/reviewers",
    okStatus: 200,
    // A model's own reviewers may see who else reviews it; nobody else learns it.
    expect: { ...adminRoute, reviewer: ALLOW, adminReadToken: R(404, "NOT_FOUND") },
    cell: async (w) => ({
      url: `/api/v1/admin/models/${w.model.slug}/reviewers`,
      allowed: async (res) => {
        const body = (await res.json()) as { model: string; reviewers: { userId: string }[] };
        expect(body).toEqual({
          model: w.model.slug,
          reviewers: [expect.objectContaining({ userId: w.people.reviewer.userId })],
        });
      },
    }),
  },
  {
    method: "POST",
    path: "/api/v1/admin/models/{org}/{name}/reviewers",
    okStatus: 201,
    expect: adminRoute,
    cell: async (w) => {
      // An unknown address: an allowed call invites it (creates the user), a refused one must not.
      const email = `invitee-${nid()}@${w.domain}`;
      return {
        url: `/api/v1/admin/models/${w.model.slug}/reviewers`,
        data: { email },
        allowed: async (res, who) => {
          const body = (await res.json()) as {
            reviewer: { userId: string; email: string };
            created: boolean;
            invited: boolean;
          };
          expect(body).toMatchObject({ reviewer: { email }, created: true, invited: true });
          const assigned = await withDb(
            async (c) =>
              (
                await c.query(`SELECT "assignedById" FROM "ModelReviewer" WHERE "userId" = $1 AND "modelId" = $2`, [
                  body.reviewer.userId,
                  w.model.id,
                ])
              ).rows,
          );
          expect(assigned).toEqual([{ assignedById: who.userId }]);
          expect(await w.auditOf(body.reviewer.userId)).toEqual([
            { action: "user.created", actorId: who.userId },
            { action: "reviewer.assigned", actorId: who.userId },
          ]);
        },
      };
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/admin/models/{org}/{name}/reviewers/{userId}",
    okStatus: 200,
    expect: adminRoute,
    cell: async (w) => {
      const target = await w.extraReviewer();
      return {
        url: `/api/v1/admin/models/${w.model.slug}/reviewers/${target.userId}`,
        allowed: async (res, who) => {
          expect(await res.json()).toEqual({ userId: target.userId, removed: true });
          const left = await withDb(
            async (c) => (await c.query(`SELECT 1 FROM "ModelReviewer" WHERE "userId" = $1`, [target.userId])).rowCount,
          );
          expect(left).toBe(0);
          expect(await w.auditOf(target.userId)).toEqual([{ action: "reviewer.unassigned", actorId: who.userId }]);
        },
      };
    },
  },
  {
    // A reviewer removing themselves is still an admin operation.
    method: "DELETE",
    path: "/api/v1/admin/models/{org}/{name}/reviewers/{self}",
    okStatus: 200,
    expect: adminRoute,
    cell: async (w, who) => {
      const target = who.name === "reviewer" ? w.people.reviewer.userId : (await w.extraReviewer()).userId;
      return {
        url: `/api/v1/admin/models/${w.model.slug}/reviewers/${target}`,
        allowed: async (res) => expect(await res.json()).toEqual({ userId: target, removed: true }),
      };
    },
  },
  {
    method: "GET",
    path: "/api/v1/review/models/{org}/{name}/dashboard",
    okStatus: 200,
    expect: reviewRoute("read"),
    setup: async (w) => ({ pending: await w.request(), approved: await w.request({ status: "APPROVED" }) }),
    cell: async (w) => ({
      url: `/api/v1/review/models/${w.model.slug}/dashboard?days=7`,
      allowed: async (res) => {
        const body = (await res.json()) as {
          model: { slug: string };
          requestsByStatus: Record<string, number>;
          approvalsPerDay: unknown[];
        };
        expect(body.model.slug).toBe(w.model.slug);
        expect(body.requestsByStatus).toEqual({
          PENDING: 1,
          APPROVED: 1,
          REJECTED: 0,
          WITHDRAWN: 0,
          EXPIRED: 0,
          REVOKED: 0,
        });
        expect(body.approvalsPerDay).toHaveLength(7);
      },
    }),
  },
  {
    method: "POST",
    path: "/api/v1/admin/licenses/{slug}/versions",
    okStatus: 201,
    expect: adminRoute,
    cell: async (w) => {
      const version = `2.${nid()}`;
      return {
        url: `/api/v1/admin/licenses/${w.license.slug}/versions`,
        data: { version, text: `${w.license.name}, version ${version}. Research use only; no warranty.` },
        allowed: async () => {
          const current = await withDb(
            async (c) =>
              (
                await c.query<{ version: string }>(
                  `SELECT v.version FROM "Model" m JOIN "LicenseVersion" v ON v.id = m."currentLicenseVersionId" WHERE m.id = $1`,
                  [w.model.id],
                )
              ).rows[0]?.version,
          );
          expect(current).toBe(version);
        },
      };
    },
  },
  {
    method: "GET",
    path: "/api/v1/admin/audit?model={slug}",
    okStatus: 200,
    expect: adminRoute,
    setup: async (w, request) => ({ id: await approvedByAdmin(w, request) }),
    cell: async (w, _who, { id }) => ({
      url: `/api/v1/admin/audit?model=${w.model.slug}`,
      allowed: async (res) => {
        const { events } = (await res.json()) as {
          events: { action: string; targetId: string; model: { slug: string } | null }[];
        };
        expect(events.map((e) => e.model?.slug)).toEqual(events.map(() => w.model.slug));
        expect(events).toContainEqual(expect.objectContaining({ action: "access_request.approved", targetId: id }));
      },
    }),
  },
  {
    method: "GET",
    path: "/api/v1/admin/audit/export?model={slug}",
    okStatus: 200,
    expect: adminRoute,
    writes: true,
    setup: async (w, request) => ({ id: await approvedByAdmin(w, request) }),
    cell: async (w, _who, { id }) => ({
      url: `/api/v1/admin/audit/export?model=${w.model.slug}`,
      allowed: async (res, who) => {
        expect(res.headers()["content-type"]).toContain("text/csv");
        const lines = (await res.text()).trim().split("\n");
        expect(lines[0]).toMatch(/^seq,createdAt,actorId,/);
        expect(lines.filter((l) => l.includes(id as string) && l.includes("access_request.approved"))).toHaveLength(1);
        // The export is itself audited, with its filters.
        expect(await lastAuditBy(who.userId)).toMatchObject({
          action: "audit.exported",
          data: { filters: { model: w.model.slug } },
        });
      },
    }),
  },
  {
    method: "POST",
    path: "/api/v1/admin/audit/verification",
    okStatus: 200,
    expect: adminRoute,
    cell: async () => ({
      url: "/api/v1/admin/audit/verification",
      allowed: async (res, who) => {
        // Other specs may tamper with the chain on purpose: only the shape of the answer is this spec's.
        expect(typeof ((await res.json()) as { ok: unknown }).ok).toBe("boolean");
        expect((await lastAuditBy(who.userId))?.action).toBe("audit.verified");
      },
    }),
  },
];

const send = (
  request: APIRequestContext,
  method: Row["method"],
  url: string,
  headers: Record<string, string>,
  data?: unknown,
) =>
  method === "GET"
    ? request.get(url, { headers })
    : method === "DELETE"
      ? request.delete(url, { headers })
      : request.post(url, { headers, data });

const label = (o: Outcome) =>
  "refuse" in o
    ? `${o.refuse[0]} ${o.refuse[1]}`
    : "empty" in o
      ? "200 empty"
      : "items" in o
        ? `200, items ${o.items}`
        : "allowed";

for (const row of rows)
  test(`${row.method} ${row.path}`, async ({ request }) => {
    const w = await reviewWorld();
    try {
      const shared = (await row.setup?.(w, request)) ?? {};
      for (const name of callerNames) {
        const who = w.callers[name];
        const outcome = row.expect[name];
        await test.step(`${name}: ${label(outcome)}`, async () => {
          const cell = await row.cell(w, who, shared);
          const before = await w.footprint();
          const res = await send(request, row.method, cell.url, who.headers, cell.data);
          if ("refuse" in outcome) {
            await expectError(res, ...outcome.refuse);
          } else if ("empty" in outcome) {
            const q = await expectJson<Queue>(res, 200);
            expect({ total: q.total, requests: q.requests }).toEqual({ total: 0, requests: [] });
          } else if ("items" in outcome) {
            const body = await expectJson<{
              results: { ok: boolean; code?: string }[];
              summary: { decided: number; failed: number };
            }>(res, 200);
            expect(body.results.length).toBeGreaterThan(0);
            for (const r of body.results) expect(r).toMatchObject({ ok: false, code: outcome.items });
            expect(body.summary).toMatchObject({ decided: 0, failed: body.results.length });
          } else {
            expect(res.status(), await res.text()).toBe(row.okStatus);
            await cell.allowed(res, who);
          }
          // Refusals and reads write nothing; an allowed write shows in the footprint (so it can see one).
          if (!("allow" in outcome) || (row.method === "GET" && !row.writes))
            expect(await w.footprint()).toEqual(before);
          else expect(await w.footprint()).not.toEqual(before);
        });
      }
    } finally {
      await w.remove();
    }
  });

// ---------- pages (HTML) ----------
// Pages take only the session cookie: a bearer token is for the API, so on a page a token caller is
// anonymous and is sent to sign in (asserted for both token columns).

/**
 * signIn: redirect to /sign-in. notFound: the 404 page, without the model. shows: 200 with the
 * page's marker and this world's model. hides: 200 (the caller has a review section of its own)
 * but nothing of this world's model, not even in the model filter.
 */
type PageOutcome = "signIn" | "notFound" | "shows" | "hides";
/** Section pages (queue, models): whoever reviews anything has them, each with their own models. */
const sectionPage: Record<CallerName, PageOutcome> = {
  anonymous: "signIn",
  researcher: "notFound",
  otherReviewer: "hides",
  reviewer: "shows",
  admin: "shows",
  adminReadToken: "signIn",
  adminToken: "signIn",
};
/** Pages of one request or one model of this world. */
const modelPage: Record<CallerName, PageOutcome> = { ...sectionPage, otherReviewer: "notFound" };

type PageRow = {
  name: string;
  path: (w: ReviewWorld, ids: Record<string, string>) => string;
  expect: Record<CallerName, PageOutcome>;
  marker: string | ((w: ReviewWorld, ids: Record<string, string>) => string);
};

const pages: PageRow[] = [
  { name: "/admin/requests", path: () => "/admin/requests", expect: sectionPage, marker: "Review queue" },
  {
    name: "/admin/requests/{id}",
    path: (_w, { id }) => `/admin/requests/${id}`,
    expect: modelPage,
    marker: "Applicant",
  },
  { name: "/admin/models", path: () => "/admin/models", expect: sectionPage, marker: "Models" },
  {
    name: "/admin/models/{org}/{name}",
    path: (w) => `/admin/models/${w.model.slug}`,
    expect: modelPage,
    marker: (w) => w.model.title,
  },
  {
    // Admins only: a reviewer has the section but not this page.
    name: "/admin/audit?model={slug}",
    path: (w) => `/admin/audit?model=${w.model.slug}`,
    expect: { ...modelPage, reviewer: "notFound" },
    // The approval's row (its target id is in the row's title).
    marker: (_w, { approved }) => `AccessRequest ${approved}`,
  },
];

test.describe("pages", () => {
  for (const p of pages)
    test(`GET ${p.name}`, async ({ request }) => {
      const w = await reviewWorld();
      try {
        const ids = { id: await w.request(), approved: await approvedByAdmin(w, request) };
        const url = p.path(w, ids);
        for (const name of callerNames) {
          const who = w.callers[name];
          const outcome = p.expect[name];
          await test.step(`${name}: ${outcome}`, async () => {
            const before = await w.footprint();
            const res = await request.get(url, { headers: who.headers, maxRedirects: 0 });
            const html = await res.text();
            if (outcome === "signIn") {
              expect(res.status(), html.slice(0, 300)).toBe(307);
              // Back to the page asked for after signing in.
              expect(res.headers().location).toBe(
                `/sign-in?callbackUrl=${encodeURIComponent(new URL(url, "http://x").pathname)}`,
              );
            } else if (outcome === "notFound") {
              expect(res.status()).toBe(404);
              expect(html).toContain("There is nothing here, or you are not allowed to see it.");
              expect(html).not.toContain(w.model.title);
            } else {
              expect(res.status(), html.slice(0, 300)).toBe(200);
              expect(html).toContain(typeof p.marker === "string" ? p.marker : p.marker(w, ids));
              if (outcome === "shows") expect(html).toContain(w.model.slug);
              else expect(html).not.toContain(w.model.slug);
            }
            expect(await w.footprint()).toEqual(before);
          });
        }
      } finally {
        await w.remove();
      }
    });
});

// ---------- access ends at once ----------

test("a removed reviewer, a suspended reviewer and a demoted admin lose access with their next call (nothing changed)", async ({
  request,
}) => {
  const w = await reviewWorld();
  try {
    const id = await w.request();
    const removed = await w.extraReviewer();
    const suspended = await w.extraReviewer();
    const api = (who: { headers: Record<string, string> }) => ({
      read: () => request.get(`/api/v1/review/requests/${id}`, { headers: who.headers }),
      decide: () =>
        request.post(`/api/v1/review/requests/${id}/decision`, { headers: who.headers, data: { decision: "APPROVE" } }),
      admin: () => request.get(`/api/v1/admin/access-requests?model=${w.model.slug}`, { headers: who.headers }),
    });
    // Each can read before the change.
    for (const who of [removed, suspended, w.people.admin, w.tokens.admin])
      await expectJson(await api(who).read(), 200);
    const before = await w.footprint();

    await expectJson(
      await request.delete(`/api/v1/admin/models/${w.model.slug}/reviewers/${removed.userId}`, {
        headers: w.people.admin.headers,
      }),
      200,
    );
    await expectError(await api(removed).read(), 404, "NOT_FOUND");
    await expectError(await api(removed).decide(), 404, "NOT_FOUND");
    const afterRemoval = await w.footprint();

    await withDb((c) => c.query(`UPDATE "User" SET status = 'SUSPENDED' WHERE id = $1`, [suspended.userId]));
    await expectError(await api(suspended).read(), 401, "SIGN_IN_REQUIRED");
    await expectError(await api(suspended).decide(), 401, "SIGN_IN_REQUIRED");

    await withDb((c) => c.query(`UPDATE "User" SET role = 'RESEARCHER' WHERE id = $1`, [w.people.admin.userId]));
    for (const who of [w.people.admin, w.tokens.admin]) {
      await expectError(await api(who).read(), 404, "NOT_FOUND");
      await expectError(await api(who).decide(), 404, "NOT_FOUND");
      await expectError(await api(who).admin(), 404, "NOT_FOUND");
    }
    const after = await w.footprint();
    expect({ ...after, users: undefined }).toEqual({ ...afterRemoval, users: undefined });
    expect(after.requests).toEqual(before.requests);
    expect((await w.requestRow(id))?.status).toBe("PENDING");
  } finally {
    await w.remove();
  }
});
