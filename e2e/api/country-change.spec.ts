// A grantee who moves their profile's country to one the model blocks is refused on the next
// download, on every channel, with GEO_BLOCKED and nothing recorded; moving it back restores the
// grant (it was never revoked: the gate reads the declared country on every download). The
// reviewer's view of the request shows the change against the profile as submitted.
import { expect, test, type APIResponse } from "@playwright/test";
import { withDb } from "../fixtures/db";
import { apply, client, expectError, expectJson, person, type Submitted } from "../fixtures/access-world";
import { downloadableModel, issuedFor } from "../fixtures/download-model";
import { createApiToken } from "../fixtures/review-world";

type Channel = "WEB" | "API" | "MANIFEST" | "HF" | "PLAYGROUND";
const CHANNELS: Channel[] = ["WEB", "API", "MANIFEST", "HF", "PLAYGROUND"];

test("a grantee's new blocked country is GEO_BLOCKED on every channel at once, writing nothing; the old one restores access", async ({
  request,
  baseURL,
}) => {
  const m = await downloadableModel({ rules: { blockedCountries: ["KP"] }, playground: true });
  // An admin applicant: the model is PRIVATE (no role-dependent branch in the gate besides visibility).
  const me = await person({ role: "ADMIN", country: "DE" });
  const api = client(request, me);
  const granted = await expectJson<Submitted>(await apply(api, m, {}), 201);
  expect(granted.request.status).toBe("APPROVED");
  const token = await createApiToken(me.userId, "READ");
  const reviewer = client(request, await person({ role: "ADMIN" }));

  const call = (channel: Channel): Promise<APIResponse> => {
    const file = `/api/v1/models/${m.slug}/files/${m.path}`;
    switch (channel) {
      case "WEB":
        return request.get(file, { headers: me.headers, maxRedirects: 0 });
      case "API":
        return request.get(file, { headers: token.headers, maxRedirects: 0 });
      case "MANIFEST":
        return request.get(`/api/v1/models/${m.slug}/manifest`, { headers: token.headers });
      case "HF":
        return request.get(`${baseURL}/${m.slug}/resolve/main/${m.path}`, { headers: token.headers, maxRedirects: 0 });
      case "PLAYGROUND":
        return request.post(`/api/v1/models/${m.slug}/playground-sessions`, { headers: me.headers, data: {} });
    }
  };
  const success: Record<Channel, number> = { WEB: 302, API: 302, MANIFEST: 200, HF: 302, PLAYGROUND: 201 };
  const allDownload = async () => {
    for (const channel of CHANNELS) {
      const res = await call(channel);
      expect(res.status(), `${channel}: ${await res.text()}`).toBe(success[channel]);
    }
  };
  const setCountry = async (country: string) =>
    expectJson<{ profile: { country: { value: string } } }>(
      await api.put("/api/v1/me/profile", {
        name: "E2E Researcher",
        affiliation: "E2E University",
        position: "PhD student",
        country,
      }),
      200,
    );
  const changesSeen = async () =>
    (
      await expectJson<{ request: { profileChanges: { field: string; then: string | null; now: string | null }[] } }>(
        await reviewer.get(`/api/v1/review/requests/${granted.request.id}`),
        200,
      )
    ).request.profileChanges;

  await allDownload();
  expect(await issuedFor(me.userId, m.id)).toEqual({ events: 5, audit: 5 });
  expect(await changesSeen()).toEqual([]);

  expect((await setCountry("kp")).profile.country.value).toBe("KP");
  // The profile's audit row names the change; the reviewer sees it against the profile as submitted.
  const audited = await withDb(
    async (c) =>
      (
        await c.query<{ data: unknown }>(
          `SELECT data FROM "AuditEvent" WHERE "actorId" = $1 AND action = 'user.profile_updated' ORDER BY seq DESC LIMIT 1`,
          [me.userId],
        )
      ).rows[0]?.data,
  );
  expect(audited).toEqual({ fields: ["country"], country: { from: "DE", to: "KP" } });
  expect(await changesSeen()).toEqual([{ field: "country", then: "DE", now: "KP" }]);

  const before = await issuedFor(me.userId, m.id);
  for (const channel of CHANNELS) {
    const res = await call(channel);
    if (channel === "HF") {
      // The Hub's error shape, as its clients read it.
      expect(res.status()).toBe(403);
      expect(res.headers()["x-error-code"]).toBe("GatedRepo");
      expect(await res.json()).toMatchObject({ code: "GEO_BLOCKED" });
    } else await expectError(res, 403, "GEO_BLOCKED");
  }
  expect(await issuedFor(me.userId, m.id)).toEqual(before);
  // The grant itself is untouched: still APPROVED, not revoked.
  const status = await withDb(
    async (c) =>
      (
        await c.query<{ status: string; revokedAt: Date | null }>(
          `SELECT status, "revokedAt" FROM "AccessRequest" WHERE id = $1`,
          [granted.request.id],
        )
      ).rows[0],
  );
  expect(status).toEqual({ status: "APPROVED", revokedAt: null });

  await setCountry("de");
  expect(await changesSeen()).toEqual([]);
  await allDownload();
  expect(await issuedFor(me.userId, m.id)).toEqual({ events: 10, audit: 10 });
});
