// Known bugs, pinned as expected failures (test.fail): each asserts the correct behaviour, so the
// suite stays green while the bug is there and turns red ("expected to fail, but passed") once it is
// fixed — then drop the test.fail line. See the e2e report for request / expected / actual / fix.
import { test } from "@playwright/test";
import { client, expectError, person, seeded, SEEDED, urls } from "../fixtures/access-world";

const versionsUrl = (slug: string) => `/api/v1/admin/licenses/${slug}/versions`;
const validVersion = { version: "9.9", text: "A perfectly valid license text, long enough." };

// app/api/v1/admin/licenses/[slug]/versions/route.ts parses the slug and the body before
// publishLicenseVersion calls requireAdmin, so non-admins learn that the endpoint exists.
test.describe("BUG: the admin license endpoint validates before it checks the role", () => {
  test("a researcher's empty body is a 404 (today: 422 naming version and text)", async ({ request }) => {
    test.fail(true, "validation runs before requireAdmin");
    await expectError(await client(request, await person()).post(versionsUrl("mit"), {}), 404, "NOT_FOUND");
  });

  test("a researcher's non-JSON body is a 404 (today: 400 BAD_REQUEST)", async ({ request }) => {
    test.fail(true, "readJson runs before requireAdmin");
    await expectError(await client(request, await person()).post(versionsUrl("mit"), "x", { "content-type": "text/plain" }), 404, "NOT_FOUND");
  });

  test("a researcher's malformed slug is a 404 (today: 422 naming slug)", async ({ request }) => {
    test.fail(true, "ZLicenseSlugParams.parse runs before requireAdmin");
    await expectError(await client(request, await person()).post(versionsUrl("Not%20A%20Slug"), validVersion), 404, "NOT_FOUND");
  });
});

// The access-requests and license-acceptances routes parse the body before the domain function
// checks for a caller, so an anonymous caller with a bad body is told about the body, not to sign in.
test.describe("BUG: anonymous writes are validated before sign-in is required", () => {
  test("anonymous POST access-requests with {} is 401 SIGN_IN_REQUIRED (today: 422)", async ({ request }) => {
    test.fail(true, "ZSubmitAccessRequestInput.parse runs before the caller check");
    const m = await seeded(SEEDED.MANUAL);
    await expectError(await client(request).post(urls.requests(m), {}), 401, "SIGN_IN_REQUIRED");
  });

  test("anonymous POST license-acceptances with {} is 401 SIGN_IN_REQUIRED (today: 422)", async ({ request }) => {
    test.fail(true, "ZAcceptLicenseInput.parse runs before the caller check");
    const open = await seeded(SEEDED.OPEN);
    await expectError(await client(request).post(urls.accept(open), {}), 401, "SIGN_IN_REQUIRED");
  });
});
