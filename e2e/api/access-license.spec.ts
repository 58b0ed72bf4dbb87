// LICENSE_NOT_ACCEPTED: an admin publishes a new version of a license (one this spec owns, so no other
// model moves); grantees keep their grant but must accept the new text, and the worker mails them.
import { expect, test } from "@playwright/test";
import { withDb } from "../fixtures/db";
import {
  apply,
  client,
  expectError,
  expectJson,
  footprint,
  nid,
  ownLicense,
  ownModel,
  person,
  sha256,
  stateOf,
  urls,
  waitForSubject,
  type RequestView,
} from "../fixtures/access-world";

type Published = { licenseVersionId: string; sha256: string; models: string[]; notified: number };
type Acceptance = {
  acceptance: { id: string; created: boolean; licenseVersionId: string; sha256: string; acceptedAt: string };
};
type Receipt = {
  receipt: {
    id: string;
    text: string;
    textSha256: string;
    licenseVersion: { id: string; version: string };
    license: { slug: string };
  };
};

const versionsUrl = (slug: string) => `/api/v1/admin/licenses/${slug}/versions`;

test("LICENSE_NOT_ACCEPTED: a new license version holds the grantee until they accept it; they are mailed", async ({
  request,
}) => {
  const license = await ownLicense();
  const m = await ownModel({ gating: "AUTO", grantDurationDays: 30, licenseVersionId: license.v1.id });
  try {
    const grantee = await person({ role: "ADMIN" }); // sees the PRIVATE model; applies like a researcher
    const api = client(request, grantee);
    const { request: grant } = await expectJson<{ request: RequestView }>(await apply(api, m), 201);
    const granted = await stateOf(api, m);
    expect(granted).toMatchObject({
      code: "GRANTED",
      granted: true,
      license: { id: license.v1.id, version: "1.0", sha256: license.v1.sha256 },
    });

    const admin = client(request, await person({ role: "ADMIN" }));
    const text = `${license.name}, version 2.0.\n\nResearch use only; you must cite the model card. No warranty.\n`;
    const published = await expectJson<Published>(
      await admin.post(versionsUrl(license.slug), { version: "2.0", text }),
      201,
    );
    expect(published).toEqual({
      licenseVersionId: expect.any(String),
      sha256: sha256(text),
      models: [m.slug],
      notified: 1,
    });
    // The same version again is refused: versions are immutable.
    await expectError(
      await admin.post(versionsUrl(license.slug), { version: "2.0", text: `${text} changed` }),
      409,
      "CONFLICT",
    );

    const held = await stateOf(api, m);
    expect(held).toMatchObject({
      code: "LICENSE_NOT_ACCEPTED",
      granted: false,
      action: `/models/${m.slug}/license`,
      license: { id: published.licenseVersionId, version: "2.0", sha256: sha256(text) },
      request: { id: grant.id, status: "APPROVED" },
      grantedUntil: grant.expiresAt,
    });
    expect(held.message).toContain(`${license.name} version 2.0`);

    const mail = await waitForSubject(grantee.email, `New license version for ${m.slug}`);
    expect(mail.text).toContain(`version 2.0`);
    expect(mail.text).toContain(`/models/${m.slug}/license`);

    // The old version cannot be accepted any more: 422, nothing written.
    const before = await footprint(grantee);
    const stale = await expectError(
      await api.post(urls.accept(m), { licenseVersionId: license.v1.id }),
      422,
      "VALIDATION_FAILED",
    );
    expect(Object.keys(stale.fields ?? {})).toEqual(["licenseVersionId"]);
    expect(await footprint(grantee)).toEqual(before);
    expect((await stateOf(api, m)).code).toBe("LICENSE_NOT_ACCEPTED");

    const accepted = await expectJson<Acceptance>(
      await api.post(urls.accept(m), { licenseVersionId: published.licenseVersionId }),
      201,
    );
    expect(accepted.acceptance).toMatchObject({
      created: true,
      licenseVersionId: published.licenseVersionId,
      sha256: sha256(text),
    });
    const again = await expectJson<Acceptance>(
      await api.post(urls.accept(m), { licenseVersionId: published.licenseVersionId }),
      200,
    );
    expect(again.acceptance).toMatchObject({ created: false, id: accepted.acceptance.id });

    // Applying again while granted answers with the grant itself and writes nothing.
    const settled = await footprint(grantee);
    const reapplied = await expectJson<{ request: RequestView; created: boolean }>(
      await apply(api, { ...m, licenseVersionId: published.licenseVersionId }),
      200,
    );
    expect(reapplied).toMatchObject({ created: false, request: { id: grant.id, status: "APPROVED" } });
    expect(await footprint(grantee)).toEqual(settled);
    expect(await stateOf(api, m)).toMatchObject({
      code: "GRANTED",
      granted: true,
      grantedUntil: grant.expiresAt,
      request: { id: grant.id },
    });

    const { receipt } = await expectJson<Receipt>(
      await api.get(`/api/v1/me/license-acceptances/${accepted.acceptance.id}`),
      200,
    );
    expect(receipt).toMatchObject({
      id: accepted.acceptance.id,
      text,
      textSha256: sha256(text),
      licenseVersion: { id: published.licenseVersionId, version: "2.0" },
      license: { slug: license.slug },
    });
    const listed = await expectJson<{ acceptances: { id: string }[] }>(
      await api.get("/api/v1/me/license-acceptances"),
      200,
    );
    expect(listed.acceptances.map((a) => a.id)).toHaveLength(2); // 1.0 with the request, 2.0 now
  } finally {
    await m.remove();
  }
});

test("publishing a license version is admin-only: a researcher gets 404 and nothing is published", async ({
  request,
}) => {
  const license = await ownLicense();
  const researcher = await person();
  const api = client(request, researcher);
  const versions = () =>
    withDb(
      async (c) =>
        (
          await c.query(
            `SELECT v.id FROM "LicenseVersion" v JOIN "License" l ON l.id = v."licenseId" WHERE l.slug = $1`,
            [license.slug],
          )
        ).rowCount,
    );
  const body = { version: "2.0", text: "A perfectly valid license text, long enough." };

  await expectError(await api.post(versionsUrl(license.slug), body), 404, "NOT_FOUND");
  await expectError(await api.post(versionsUrl("no-such-license"), body), 404, "NOT_FOUND");
  await expectError(await client(request).post(versionsUrl(license.slug), body), 401, "SIGN_IN_REQUIRED");
  expect(await versions()).toBe(1);
  expect((await footprint(researcher)).audit).toBe(0);
});

test("an admin's bad license version input is refused per field", async ({ request }) => {
  const license = await ownLicense();
  const admin = client(request, await person({ role: "ADMIN" }));
  const cases: [unknown, string][] = [
    [{ version: "2.0", text: "too short" }, "text"],
    [{ version: "2 0", text: "A perfectly valid license text, long enough." }, "version"],
    [{ text: "A perfectly valid license text, long enough." }, "version"],
  ];
  for (const [data, field] of cases) {
    const err = await expectError(await admin.post(versionsUrl(license.slug), data), 422, "VALIDATION_FAILED");
    expect(Object.keys(err.fields ?? {}), JSON.stringify(data)).toEqual([field]);
  }
  await expectError(
    await admin.post(versionsUrl(`e2e-none-${nid()}`), {
      version: "2.0",
      text: "A perfectly valid license text, long enough.",
    }),
    404,
    "NOT_FOUND",
  );
});
