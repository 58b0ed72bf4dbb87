// The three ways in, end to end through the API as a researcher on the seeded demo models
// (their rows are only read; the requests and acceptances belong to a fresh user).
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import {
  apply,
  client,
  DAY_MS,
  expectError,
  expectJson,
  footprint,
  person,
  seeded,
  SEEDED,
  seededAnswers,
  sha256,
  stateOf,
  urls,
  waitForSubject,
  type Submitted,
} from "../fixtures/access-world";

type MyRequests = {
  requests: {
    id: string;
    model: string;
    status: string;
    answers: Record<string, unknown>;
    license: string | null;
    timeline: { label: string }[];
  }[];
};
type Acceptances = {
  acceptances: { id: string; textSha256: string; licenseVersion: { version: string; license: { name: string } } }[];
};

const rowsOf = (userId: string) =>
  withDb(async (c) => {
    const requests = await c.query(
      `SELECT id, status, "licenseVersionId", "formVersion", answers, "ruleOutcome" FROM "AccessRequest" WHERE "userId" = $1`,
      [userId],
    );
    const acceptances = await c.query(
      `SELECT id, "licenseVersionId", "textSha256", "userAgent" FROM "LicenseAcceptance" WHERE "userId" = $1`,
      [userId],
    );
    const audit = await c.query<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE "actorId" = $1 OR "targetId" = ANY($2) ORDER BY seq`,
      [userId, requests.rows.map((r) => r.id)],
    );
    return { requests: requests.rows, acceptances: acceptances.rows, audit: audit.rows.map((r) => r.action) };
  });

const licenseSha = (id: string) =>
  withDb(
    async (c) =>
      (await c.query<{ sha256: string }>(`SELECT sha256 FROM "LicenseVersion" WHERE id = $1`, [id])).rows[0]?.sha256,
  );

test("MANUAL: the request waits for review, the license is accepted with it, and a 'received' mail goes out", async ({
  request,
}) => {
  const m = await seeded(SEEDED.MANUAL);
  const me = await person();
  const api = client(request, me);
  expect((await stateOf(api, m)).code).toBe("REQUEST_REQUIRED");
  const answers = { ...seededAnswers[SEEDED.MANUAL], purpose: "  Teaching character-level models.  " };
  const res = await api.post(
    urls.requests(m),
    { answers, licenseVersionId: m.licenseVersionId },
    { "user-agent": "e2e-manual-path" },
  );
  const body = await expectJson<Submitted>(res, 201);
  expect(body).toMatchObject({
    created: true,
    request: { status: "PENDING", decidedAt: null, expiresAt: null, reasonCode: null },
  });

  const rows = await rowsOf(me.userId);
  expect(rows.requests).toEqual([
    expect.objectContaining({
      id: body.request.id,
      status: "PENDING",
      licenseVersionId: m.licenseVersionId,
      formVersion: 1,
      answers: { ...answers, purpose: "Teaching character-level models." },
    }),
  ]);
  expect(rows.requests[0]?.ruleOutcome).toMatchObject({ decision: "MANUAL" });
  expect(rows.acceptances).toEqual([
    {
      id: expect.any(String),
      licenseVersionId: m.licenseVersionId,
      textSha256: await licenseSha(m.licenseVersionId),
      userAgent: "e2e-manual-path",
    },
  ]);
  expect(rows.audit).toEqual(["license.accepted", "access_request.submitted"]);

  const mail = await waitForSubject(me.email, `Access request received: ${SEEDED.MANUAL}`);
  expect(mail.text).toContain("/account/requests");
  expect(await stateOf(api, m)).toMatchObject({ code: "REQUEST_PENDING", request: { id: body.request.id } });
  const mine = await expectJson<MyRequests>(await api.get("/api/v1/me/access-requests"), 200);
  expect(mine.requests).toEqual([
    expect.objectContaining({
      id: body.request.id,
      model: SEEDED.MANUAL,
      status: "PENDING",
      license: "Demo Research License (Non-Commercial) 1.0",
    }),
  ]);
  const labels = mine.requests[0]?.timeline.map((t) => t.label) ?? [];
  expect(labels[0]).toBe("Submitted"); // (other steps, such as the rule outcome, may follow; no decision yet)
  expect(labels.filter((l) => ["Approved", "Rejected", "Withdrawn"].includes(l))).toEqual([]);
});

test("AUTO: approved at once with an expiry, an 'approved' mail goes out, and the model is granted", async ({
  request,
}) => {
  const m = await seeded(SEEDED.AUTO);
  const me = await person();
  const api = client(request, me);
  const started = Date.now();
  const body = await expectJson<Submitted>(await apply(api, m), 201);
  expect(body).toMatchObject({ created: true, request: { status: "APPROVED", reasonCode: "auto_approval" } });
  const expiresAt = Date.parse(body.request.expiresAt ?? "");
  const decidedAt = Date.parse(body.request.decidedAt ?? "");
  expect(decidedAt).toBeGreaterThanOrEqual(started - 5_000);
  expect(expiresAt - decidedAt).toBe(365 * DAY_MS);

  const rows = await rowsOf(me.userId);
  expect(rows.requests).toEqual([
    expect.objectContaining({ status: "APPROVED", licenseVersionId: m.licenseVersionId }),
  ]);
  expect(rows.acceptances).toHaveLength(1);
  expect(rows.audit).toEqual(["license.accepted", "access_request.submitted", "access_request.approved"]);

  const mail = await waitForSubject(me.email, `Access approved: ${SEEDED.AUTO}`);
  expect(mail.text).toContain(`/models/${SEEDED.AUTO}`);
  expect(await stateOf(api, m)).toMatchObject({
    code: "GRANTED",
    granted: true,
    grantedUntil: body.request.expiresAt,
    request: { id: body.request.id, status: "APPROVED" },
  });

  // Applying again while granted (double click, second tab) answers with the grant, writes nothing.
  const before = await footprint(me);
  expect(await expectJson<Submitted>(await apply(api, m), 200)).toMatchObject({
    created: false,
    request: { id: body.request.id, status: "APPROVED" },
  });
  expect(await footprint(me)).toEqual(before);
  const acc = await expectJson<Acceptances>(await api.get("/api/v1/me/license-acceptances"), 200);
  expect(acc.acceptances).toEqual([
    expect.objectContaining({
      textSha256: await licenseSha(m.licenseVersionId),
      licenseVersion: { version: "2.0", license: { name: "Apache License 2.0" } },
    }),
  ]);
});

test("OPEN: no request and no profile needed, only the license; then GRANTED with a receipt of the exact text", async ({
  request,
}) => {
  const m = await seeded(SEEDED.OPEN);
  const me = await person({ profile: false });
  const api = client(request, me);
  expect(await stateOf(api, m)).toMatchObject({
    code: "LICENSE_NOT_ACCEPTED",
    granted: false,
    request: null,
    action: `/models/${SEEDED.OPEN}/license`,
    license: { id: m.licenseVersionId, name: "MIT License" },
  });

  const before = await footprint(me);
  const conflict = await expectError(await apply(api, m), 409, "CONFLICT");
  expect(conflict.action).toBe(`/models/${SEEDED.OPEN}/license`);
  expect(await footprint(me)).toEqual(before);

  const accepted = await expectJson<{ acceptance: { id: string; created: boolean; sha256: string } }>(
    await api.post(urls.accept(m), { licenseVersionId: m.licenseVersionId }),
    201,
  );
  expect(accepted.acceptance.created).toBe(true);
  expect(await stateOf(api, m)).toMatchObject({ code: "GRANTED", granted: true, request: null, grantedUntil: null });
  const rows = await rowsOf(me.userId);
  expect(rows.requests).toEqual([]);
  expect(rows.audit).toEqual(["license.accepted"]);

  const { receipt } = await expectJson<{ receipt: { text: string; textSha256: string; user: { email: string } } }>(
    await api.get(`/api/v1/me/license-acceptances/${accepted.acceptance.id}`),
    200,
  );
  expect(receipt.textSha256).toBe(sha256(receipt.text));
  expect(receipt.textSha256).toBe(accepted.acceptance.sha256);
  expect(receipt.text).toContain("Silero Team");
  expect(receipt.user.email).toBe(me.email);
});
