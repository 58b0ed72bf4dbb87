// Refusal order: who may call comes before what they sent, so callers learn nothing from bad input.
import { test } from "@playwright/test";
import { client, expectError, person, seeded, SEEDED, urls } from "../fixtures/access-world";

const versionsUrl = (slug: string) => `/api/v1/admin/licenses/${slug}/versions`;
const validVersion = { version: "9.9", text: "A perfectly valid license text, long enough." };

test.describe("the admin license endpoint checks the role before anything else", () => {
  test("a researcher's empty body is a 404", async ({ request }) => {
    await expectError(await client(request, await person()).post(versionsUrl("mit"), {}), 404, "NOT_FOUND");
  });

  test("a researcher's non-JSON body is a 404", async ({ request }) => {
    await expectError(
      await client(request, await person()).post(versionsUrl("mit"), "x", { "content-type": "text/plain" }),
      404,
      "NOT_FOUND",
    );
  });

  test("a researcher's malformed slug is a 404", async ({ request }) => {
    await expectError(
      await client(request, await person()).post(versionsUrl("Not%20A%20Slug"), validVersion),
      404,
      "NOT_FOUND",
    );
  });
});

test.describe("anonymous writes are told to sign in before their input is looked at", () => {
  test("anonymous POST access-requests with {} is 401 SIGN_IN_REQUIRED", async ({ request }) => {
    const m = await seeded(SEEDED.MANUAL);
    await expectError(await client(request).post(urls.requests(m), {}), 401, "SIGN_IN_REQUIRED");
  });

  test("anonymous POST license-acceptances with {} is 401 SIGN_IN_REQUIRED", async ({ request }) => {
    const open = await seeded(SEEDED.OPEN);
    await expectError(await client(request).post(urls.accept(open), {}), 401, "SIGN_IN_REQUIRED");
  });
});
