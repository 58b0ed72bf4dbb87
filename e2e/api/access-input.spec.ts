// Bad input to the access API: refused with 400 / 422 naming the field, and nothing is written.
// The answers are checked against the seeded MANUAL model's form (prisma/seed/demo-catalog.ts):
// purpose (textarea, required, ≤ 2000), field (select, required), publication_url (url), no_redistribution (checkbox, required).
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import {
  client,
  expectError,
  footprint,
  ownLicense,
  person,
  seeded,
  SEEDED,
  seededAnswers,
  urls,
  type Person,
} from "../fixtures/access-world";

const valid = seededAnswers[SEEDED.MANUAL] as Record<string, unknown>;
const long = "x".repeat(65);

let me: Person;
test.beforeAll(async () => {
  me = await person(); // the same applicant for every case: any write would show in its footprint
});

const answerCases: [string, Record<string, unknown>, string[]][] = [
  ["a required answer missing", { field: valid.field, no_redistribution: true }, ["answers.purpose"]],
  ["a blank required answer", { ...valid, purpose: "   " }, ["answers.purpose"]],
  ["an oversize answer", { ...valid, purpose: "y".repeat(2001) }, ["answers.purpose"]],
  ["a number for text", { ...valid, purpose: 42 }, ["answers.purpose"]],
  ["an option not offered", { ...valid, field: "Astrology" }, ["answers.field"]],
  ["a string for a checkbox", { ...valid, no_redistribution: "yes" }, ["answers.no_redistribution"]],
  ["an unchecked required checkbox", { ...valid, no_redistribution: false }, ["answers.no_redistribution"]],
  ["a URL that is not one", { ...valid, publication_url: "javascript:alert(1)" }, ["answers.publication_url"]],
  ["an unknown answer", { ...valid, shoe_size: 44 }, ["answers.shoe_size"]],
  [
    "several problems at once",
    { purpose: 1, field: "Astrology" },
    ["answers.purpose", "answers.field", "answers.no_redistribution"],
  ],
];

for (const [what, answers, fields] of answerCases) {
  test(`POST access-requests with ${what} → 422 naming ${fields.join(", ")}`, async ({ request }) => {
    const m = await seeded(SEEDED.MANUAL);
    const before = await footprint(me);
    const err = await expectError(
      await client(request, me).post(urls.requests(m), { answers, licenseVersionId: m.licenseVersionId }),
      422,
      "VALIDATION_FAILED",
    );
    expect(Object.keys(err.fields ?? {}).sort()).toEqual([...fields].sort());
    for (const f of fields) expect(err.fields?.[f]?.[0]).toEqual(expect.any(String));
    expect(await footprint(me)).toEqual(before);
  });
}

const bodyCases: [string, (licenseVersionId: string) => unknown, string[]][] = [
  ["an unknown top-level key", (id) => ({ answers: valid, licenseVersionId: id, status: "APPROVED" }), ["status"]],
  ["no licenseVersionId", () => ({ answers: valid }), ["licenseVersionId"]],
  ["an empty licenseVersionId", () => ({ answers: valid, licenseVersionId: "" }), ["licenseVersionId"]],
  ["an over-long licenseVersionId", () => ({ answers: valid, licenseVersionId: long }), ["licenseVersionId"]],
  ["a numeric licenseVersionId", () => ({ answers: valid, licenseVersionId: 1 }), ["licenseVersionId"]],
  ["answers that are not an object", (id) => ({ answers: ["purpose"], licenseVersionId: id }), ["answers"]],
  ["a JSON array body", () => [], ["_"]],
];

for (const [what, body, fields] of bodyCases) {
  test(`POST access-requests with ${what} → 422 naming ${fields.join(", ")}`, async ({ request }) => {
    const m = await seeded(SEEDED.MANUAL);
    const before = await footprint(me);
    const err = await expectError(
      await client(request, me).post(urls.requests(m), body(m.licenseVersionId)),
      422,
      "VALIDATION_FAILED",
    );
    expect(Object.keys(err.fields ?? {})).toEqual(fields);
    expect(await footprint(me)).toEqual(before);
  });
}

test("POST access-requests with another license's version id (stale or foreign) → 422 naming licenseVersionId", async ({
  request,
}) => {
  const [m, open] = [await seeded(SEEDED.MANUAL), await seeded(SEEDED.OPEN)];
  const other = await ownLicense();
  const api = client(request, me);
  const before = await footprint(me);
  for (const id of [open.licenseVersionId, other.v1.id, "not-a-license-version"]) {
    const err = await expectError(
      await api.post(urls.requests(m), { answers: valid, licenseVersionId: id }),
      422,
      "VALIDATION_FAILED",
    );
    expect(Object.keys(err.fields ?? {}), id).toEqual(["licenseVersionId"]);
    expect(err.fields?.licenseVersionId?.[0]).toContain(m.licenseVersionId); // names the current one
  }
  expect(await footprint(me)).toEqual(before);
});

// (A Buffer, because Playwright re-encodes a string that is not JSON when the content type says JSON.)
test("non-JSON bodies are 400 BAD_REQUEST on every write", async ({ request }) => {
  const [m, open] = [await seeded(SEEDED.MANUAL), await seeded(SEEDED.OPEN)];
  const api = client(request, me);
  const before = await footprint(me);
  const text = { "content-type": "text/plain" };
  await expectError(
    await api.post(urls.requests(m), "answers=1&licenseVersionId=2", {
      "content-type": "application/x-www-form-urlencoded",
    }),
    400,
    "BAD_REQUEST",
  );
  await expectError(
    await api.post(urls.requests(m), Buffer.from('{"answers": {'), { "content-type": "application/json" }),
    400,
    "BAD_REQUEST",
  );
  await expectError(await api.post(urls.requests(m)), 400, "BAD_REQUEST"); // no body at all
  await expectError(await api.post(urls.accept(open), "yes", text), 400, "BAD_REQUEST");
  await expectError(await api.put("/api/v1/me/profile", "name=Ada", text), 400, "BAD_REQUEST");
  expect(await footprint(me)).toEqual(before);
});

test("license acceptance input: unknown keys, missing, stale and over-long ids → 422 naming the field", async ({
  request,
}) => {
  const open = await seeded(SEEDED.OPEN);
  const api = client(request, me);
  const before = await footprint(me);
  const cases: [unknown, string][] = [
    [{ licenseVersionId: open.licenseVersionId, acceptedAt: "2000-01-01" }, "acceptedAt"],
    [{}, "licenseVersionId"],
    [{ licenseVersionId: long }, "licenseVersionId"],
    [{ licenseVersionId: (await seeded(SEEDED.MANUAL)).licenseVersionId }, "licenseVersionId"],
  ];
  for (const [data, field] of cases) {
    const err = await expectError(await api.post(urls.accept(open), data), 422, "VALIDATION_FAILED");
    expect(Object.keys(err.fields ?? {}), JSON.stringify(data)).toEqual([field]);
  }
  expect(await footprint(me)).toEqual(before);
});

test("invalid and unknown ids in /me paths → 422 naming id, or 404", async ({ request }) => {
  const api = client(request, me);
  const before = await footprint(me);
  const tooLong = await expectError(await api.del(`/api/v1/me/access-requests/${long}`), 422, "VALIDATION_FAILED");
  expect(Object.keys(tooLong.fields ?? {})).toEqual(["id"]);
  const receipt = await expectError(await api.get(`/api/v1/me/license-acceptances/${long}`), 422, "VALIDATION_FAILED");
  expect(Object.keys(receipt.fields ?? {})).toEqual(["id"]);
  await expectError(await api.del("/api/v1/me/access-requests/no-such-request"), 404, "NOT_FOUND");
  await expectError(await api.get("/api/v1/me/license-acceptances/no-such-acceptance"), 404, "NOT_FOUND");
  await expectError(await api.get("/api/v1/models/no-such-org/no-such-model/access"), 404, "NOT_FOUND");
  await expectError(
    await api.post("/api/v1/models/no-such-org/no-such-model/access-requests", { answers: {}, licenseVersionId: "x" }),
    404,
    "NOT_FOUND",
  );
  expect(await footprint(me)).toEqual(before);
});

test("PUT /me/profile refuses a bad ORCID, country and website per field, and keeps the profile", async ({
  request,
}) => {
  const who = await person();
  const api = client(request, who);
  const before = await footprint(who);
  const base = { name: "Grace Hopper", affiliation: "Navy Research Lab", position: "Rear Admiral" };
  const err = await expectError(
    await api.put("/api/v1/me/profile", { ...base, country: "ZZ", orcid: "0000-0002-1825-0098", website: "not a url" }),
    422,
    "VALIDATION_FAILED",
  );
  expect(Object.keys(err.fields ?? {}).sort()).toEqual(["country", "orcid", "website"]);
  const missing = await expectError(await api.put("/api/v1/me/profile", { country: "US" }), 422, "VALIDATION_FAILED");
  expect(Object.keys(missing.fields ?? {}).sort()).toEqual(["affiliation", "name", "position"]);
  expect(await footprint(who)).toEqual(before);

  const saved = await api.put("/api/v1/me/profile", {
    ...base,
    country: "us",
    orcid: "https://orcid.org/0000-0002-1825-0097",
    website: "https://example.org/grace",
  });
  expect(saved.status()).toBe(200);
  const { profile } = (await (await api.get("/api/v1/me/profile")).json()) as {
    profile: Record<string, { value: unknown; verification?: string }>;
  };
  expect(profile).toMatchObject({
    country: { value: "US" },
    orcid: { value: "0000-0002-1825-0097", verification: "self-declared" },
    website: { value: "https://example.org/grace" },
  });

  // Keys outside the profile are ignored: no making oneself an admin, changing the proven e-mail or "verifying" the ORCID iD.
  const extra = {
    role: "ADMIN",
    email: "boss@e2e.test",
    emailVerified: null,
    orcidVerifiedAt: "2020-01-01T00:00:00Z",
    status: "ACTIVE",
  };
  expect(
    (await api.put("/api/v1/me/profile", { ...base, country: "US", orcid: "0000-0002-1825-0097", ...extra })).status(),
  ).toBe(200);
  const row = await withDb(
    async (c) =>
      (await c.query(`SELECT role, email, "orcidVerifiedAt" FROM "User" WHERE id = $1`, [who.userId])).rows[0],
  );
  expect(row).toEqual({ role: "RESEARCHER", email: who.email, orcidVerifiedAt: null });
});
