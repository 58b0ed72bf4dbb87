// Every gate code reachable through the access API (downloads' FILE_NOT_READY / RATE_LIMITED aside):
// the state GET names it, the refused POST returns it, and a refusal writes nothing.
import { expect, test } from "@playwright/test";
import { formatDate } from "../../lib/format";
import { withDb } from "../fixtures/db";
import {
  apply,
  client,
  DAY_MS,
  expectError,
  expectJson,
  footprint,
  nid,
  daysFromNow,
  ownModel,
  person,
  requestTime,
  seeded,
  SEEDED,
  seededAnswers,
  setRequest,
  stateOf,
  urls,
  type Submitted,
} from "../fixtures/access-world";

const { MANUAL, AUTO, OPEN } = SEEDED; // MANUAL: cooldown 14 days, grants 90 days; AUTO: grants 365 days

test("SIGN_IN_REQUIRED: anonymous callers see the gate, and cannot apply or accept", async ({ request }) => {
  const [m, open] = [await seeded(MANUAL), await seeded(OPEN)];
  const anon = client(request);
  const state = await stateOf(anon, m);
  expect(state).toMatchObject({
    code: "SIGN_IN_REQUIRED",
    granted: false,
    request: null,
    grantedUntil: null,
    model: { id: m.id, slug: MANUAL, gating: "MANUAL" },
  });
  expect(state.license).toMatchObject({
    id: m.licenseVersionId,
    name: "Demo Research License (Non-Commercial)",
    version: "1.0",
  });
  expect(state.action).toBe(`/sign-in?callbackUrl=${encodeURIComponent(`/models/${MANUAL}`)}`);

  // A unique User-Agent marks this caller's calls: acceptances record it, so none may carry it.
  const ua = { "user-agent": `e2e-anonymous-${nid()}` };
  const refused = await expectError(
    await anon.post(urls.requests(m), { answers: seededAnswers[MANUAL], licenseVersionId: m.licenseVersionId }, ua),
    401,
    "SIGN_IN_REQUIRED",
  );
  expect(refused.action).toContain("/sign-in?callbackUrl=");
  await expectError(
    await anon.post(urls.accept(open), { licenseVersionId: open.licenseVersionId }, ua),
    401,
    "SIGN_IN_REQUIRED",
  );
  const marked = await withDb(
    async (c) =>
      (await c.query(`SELECT id FROM "LicenseAcceptance" WHERE "userAgent" = $1`, [ua["user-agent"]])).rowCount,
  );
  expect(marked).toBe(0);
  for (const path of ["/api/v1/me/access-requests", "/api/v1/me/license-acceptances", "/api/v1/me/profile"])
    await expectError(await anon.get(path), 401, "SIGN_IN_REQUIRED");
});

test("PROFILE_INCOMPLETE: no request before name, affiliation, position and country; completing the profile opens the form", async ({
  request,
}) => {
  const m = await seeded(MANUAL);
  const me = await person({ profile: false });
  await withDb((c) => c.query(`UPDATE "User" SET name = 'Only A Name' WHERE id = $1`, [me.userId]));
  const api = client(request, me);
  const state = await stateOf(api, m);
  expect(state).toMatchObject({ code: "PROFILE_INCOMPLETE", granted: false, request: null });
  expect(state.action).toBe(`/account/profile?next=${encodeURIComponent(`/models/${MANUAL}/request`)}`);

  const before = await footprint(me);
  const refused = await expectError(await apply(api, m), 403, "PROFILE_INCOMPLETE");
  expect(refused.action).toBe(state.action);
  expect(await footprint(me)).toEqual(before);

  const saved = await api.put("/api/v1/me/profile", {
    name: "Ada Lovelace",
    affiliation: "Analytical Engines Ltd",
    position: "Researcher",
    country: "gb",
  });
  expect(
    (await expectJson<{ profile: { isComplete: boolean; country: { value: string } } }>(saved, 200)).profile,
  ).toMatchObject({ isComplete: true, country: { value: "GB" } });
  expect((await stateOf(api, m)).code).toBe("REQUEST_REQUIRED");
});

test("REQUEST_REQUIRED: a complete profile without a request is sent to the request form", async ({ request }) => {
  const [m, open] = [await seeded(MANUAL), await seeded(OPEN)];
  const me = await person();
  const api = client(request, me);
  const state = await stateOf(api, m);
  expect(state).toMatchObject({
    code: "REQUEST_REQUIRED",
    granted: false,
    request: null,
    grantedUntil: null,
    action: `/models/${MANUAL}/request`,
  });
  const text = await withDb(
    async (c) =>
      (await c.query<{ sha256: string }>(`SELECT sha256 FROM "LicenseVersion" WHERE id = $1`, [m.licenseVersionId]))
        .rows[0]?.sha256,
  );
  expect(state.license.sha256).toBe(text);
  // An OPEN model needs no request: only its license.
  expect((await stateOf(api, open)).code).toBe("LICENSE_NOT_ACCEPTED");
});

test("REQUEST_PENDING: a MANUAL request waits for review; applying again returns the same request", async ({
  request,
}) => {
  const m = await seeded(MANUAL);
  const me = await person();
  const api = client(request, me);
  const first = await expectJson<Submitted>(await apply(api, m), 201);
  expect(first).toMatchObject({ created: true, request: { status: "PENDING", decidedAt: null, expiresAt: null } });
  const state = await stateOf(api, m);
  expect(state).toMatchObject({
    code: "REQUEST_PENDING",
    granted: false,
    action: "/account/requests",
    request: { id: first.request.id, status: "PENDING" },
  });
  expect(state.message).toContain(`since ${formatDate(first.request.createdAt)}`);

  const before = await footprint(me);
  const again = await expectJson<Submitted>(await apply(api, m), 200);
  expect(again).toMatchObject({ created: false, request: { id: first.request.id, status: "PENDING" } });
  expect(await footprint(me)).toEqual(before);
});

test("REQUEST_REJECTED: refused with the date until the cooldown ends, then a new request is taken", async ({
  request,
}) => {
  const m = await seeded(MANUAL);
  const me = await person();
  const api = client(request, me);
  const { request: first } = await expectJson<Submitted>(await apply(api, m), 201);
  await setRequest(first.id, {
    status: "REJECTED",
    decidedAt: new Date(),
    reasonCode: "other",
    reasonText: "Affiliation could not be confirmed.",
  });
  const decidedAt = await requestTime(first.id, "decidedAt");
  const until = formatDate(new Date(decidedAt.getTime() + 14 * DAY_MS));

  const state = await stateOf(api, m);
  expect(state).toMatchObject({
    code: "REQUEST_REJECTED",
    granted: false,
    action: "/account/requests",
    request: { id: first.id, status: "REJECTED" },
  });
  expect(state.message).toContain("Affiliation could not be confirmed.");
  expect(state.message).toContain(`apply again from ${until}`);
  const before = await footprint(me);
  const refused = await expectError(await apply(api, m), 403, "REQUEST_REJECTED");
  expect(refused.message).toContain(until);
  expect(await footprint(me)).toEqual(before);

  // One hour before the cooldown ends: still refused.
  await setRequest(first.id, { decidedAt: new Date(daysFromNow(-14).getTime() + 3_600_000) });
  await expectError(await apply(api, m), 403, "REQUEST_REJECTED");
  // Past the cooldown: the state says "now" and a new PENDING request is created.
  await setRequest(first.id, { decidedAt: new Date(daysFromNow(-14).getTime() - 60_000) });
  const after = await stateOf(api, m);
  expect(after).toMatchObject({ code: "REQUEST_REJECTED", action: `/models/${MANUAL}/request` });
  expect(after.message).toContain("You can apply again now.");
  const second = await expectJson<Submitted>(await apply(api, m), 201);
  expect(second.request.id).not.toBe(first.id);
  expect((await stateOf(api, m)).code).toBe("REQUEST_PENDING");
});

test("GRANT_EXPIRED: an approved grant past its date is expired; applying again renews it", async ({ request }) => {
  const m = await seeded(AUTO);
  const me = await person();
  const api = client(request, me);
  const { request: grant } = await expectJson<Submitted>(await apply(api, m), 201);
  expect(grant.status).toBe("APPROVED");
  await setRequest(grant.id, { expiresAt: daysFromNow(-1) });
  const expiredAt = await requestTime(grant.id, "expiresAt");

  const state = await stateOf(api, m);
  expect(state).toMatchObject({
    code: "GRANT_EXPIRED",
    granted: false,
    grantedUntil: null,
    action: `/models/${AUTO}/request`,
    request: { id: grant.id },
  });
  expect(state.message).toContain(`expired on ${formatDate(expiredAt)}`);

  const renewed = await expectJson<Submitted>(await apply(api, m), 201);
  expect(renewed).toMatchObject({ created: true, request: { status: "APPROVED" } });
  expect(renewed.request.id).not.toBe(grant.id);
  expect(Date.parse(renewed.request.expiresAt ?? "") - Date.now()).toBeGreaterThan(364 * DAY_MS);
  const statuses = await withDb(
    async (c) =>
      (
        await c.query<{ id: string; status: string }>(`SELECT id, status FROM "AccessRequest" WHERE "userId" = $1`, [
          me.userId,
        ])
      ).rows,
  );
  expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
    [grant.id]: "EXPIRED",
    [renewed.request.id]: "APPROVED",
  });
  expect(await stateOf(api, m)).toMatchObject({
    code: "GRANTED",
    granted: true,
    grantedUntil: renewed.request.expiresAt,
  });
});

test("GRANT_REVOKED: a revoked grant says so, with the reason", async ({ request }) => {
  const m = await seeded(AUTO);
  const me = await person();
  const api = client(request, me);
  const { request: grant } = await expectJson<Submitted>(await apply(api, m), 201);
  expect((await stateOf(api, m)).code).toBe("GRANTED");
  await setRequest(grant.id, { status: "REVOKED", revokedAt: new Date(), reasonText: "Redistributed the weights." });
  const state = await stateOf(api, m);
  expect(state).toMatchObject({
    code: "GRANT_REVOKED",
    granted: false,
    grantedUntil: null,
    action: `/models/${AUTO}/request`,
    request: { id: grant.id, status: "REVOKED" },
  });
  expect(state.message).toContain("Redistributed the weights.");
});

test("GEO_BLOCKED: a model's blocked countries refuse that country's researchers, and nothing is written", async ({
  request,
}) => {
  const m = await ownModel({ gating: "AUTO", rules: { blockedCountries: ["nz", "KP"] }, grantDurationDays: 30 });
  try {
    const blocked = await person({ role: "ADMIN", country: "NZ" });
    const api = client(request, blocked);
    const state = await stateOf(api, m);
    expect(state).toMatchObject({ code: "GEO_BLOCKED", granted: false, request: null, action: `/models/${m.slug}` });
    const before = await footprint(blocked);
    await expectError(await apply(api, m), 403, "GEO_BLOCKED");
    expect(await footprint(blocked)).toEqual(before);

    // Control: the same model approves someone from elsewhere at once.
    const allowed = await person({ role: "ADMIN", country: "DE" });
    const ok = await expectJson<Submitted>(await apply(client(request, allowed), m), 201);
    expect(ok.request.status).toBe("APPROVED");
  } finally {
    await m.remove();
  }
});
