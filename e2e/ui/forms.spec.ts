// Form behaviour the portal promises everywhere: an error is a sentence naming the field, focus
// moves to the first invalid field after a failed submit, inputs stop at the schema's length, and
// hand-typed filter values in the address bar are explained in a sentence, never as raw zod text.
import { expect, test, type Locator } from "@playwright/test";
import { nid, person } from "../fixtures/access-world";
import { withDb } from "../fixtures/db";
import { reviewWorld } from "../fixtures/review-world";
import { useSession } from "../fixtures/session";

/** Waits until React has hydrated the element: a click before that submits nothing React handles. */
const hydrated = (locator: Locator) =>
  expect
    .poll(() => locator.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber"))), {
      message: "hydrated",
    })
    .toBe(true);

const profileOf = (userId: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ name: string | null; affiliation: string | null; profileUpdatedAt: Date | null }>(
          `SELECT name, affiliation, "profileUpdatedAt" FROM "User" WHERE id = $1`,
          [userId],
        )
      ).rows[0],
  );

test("the profile form names each missing field in a sentence, focuses the first, and caps lengths", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person({ profile: false });
  const before = await profileOf(me.userId);
  await useSession(context, baseURL as string, me);
  await page.goto("/account/profile");
  const form = page.getByRole("form", { name: "Profile" });
  const save = form.getByRole("button", { name: "Save profile" });
  await hydrated(save);

  const name = form.getByRole("textbox", { name: "Full name" });
  await expect(name).toHaveAttribute("maxlength", "120");
  await expect(form.getByRole("textbox", { name: "Affiliation" })).toHaveAttribute("maxlength", "200");
  await expect(form.getByRole("textbox", { name: "Website" })).toHaveAttribute("maxlength", "300");

  await save.click();
  await expect(form.getByText("Enter your full name.")).toBeVisible();
  await expect(form.getByText("Enter your university, institute or company.")).toBeVisible();
  await expect(form.getByText("Choose your country from the list.")).toBeVisible();
  await expect(form.getByText(/is required/)).toHaveCount(0);
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Enter your full name\./);

  // With the first fields right, focus goes to the first one still wrong.
  await name.fill("Ada Lovelace");
  await form.getByRole("textbox", { name: "Affiliation" }).fill("University of Example");
  await form.getByRole("textbox", { name: "Position" }).fill("PhD student");
  await save.click();
  await expect(form.getByRole("combobox", { name: "Country" })).toBeFocused();

  expect(await profileOf(me.userId)).toEqual(before);
});

test("the token form refuses an empty name and an expiry over a year in sentences, before sending", async ({
  page,
  context,
  baseURL,
}) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  const posts: string[] = [];
  page.on("request", (r) => r.method() === "POST" && r.url().includes("/api/v1/me/tokens") && posts.push(r.url()));
  await page.goto("/account/tokens");
  const form = page.getByRole("form", { name: "Create a token" });
  const create = form.getByRole("button", { name: "Create token" });
  await hydrated(create);

  const name = form.getByRole("textbox", { name: "Name" });
  await expect(name).toHaveAttribute("maxlength", "100");
  await form.getByLabel("Expires in (days)").fill("400");
  await create.click();
  await expect(form.getByText("Enter a name for the token.")).toBeVisible();
  await expect(form.getByText("Tokens expire within a year: enter at most 365 days.")).toBeVisible();
  await expect(name).toBeFocused();

  expect(posts).toEqual([]);
  const tokens = await withDb(
    async (c) => (await c.query(`SELECT 1 FROM "ApiToken" WHERE "userId" = $1`, [me.userId])).rowCount,
  );
  expect(tokens).toBe(0);
});

test("hand-typed queue filters: a lower-case status is read, unknown values are explained in sentences", async ({
  page,
  baseURL,
}) => {
  const w = await reviewWorld();
  const affiliation = `Filter Institute ${nid()}`;
  const q = encodeURIComponent(affiliation);
  await w.request({ status: "APPROVED", affiliation });
  await useSession(page.context(), baseURL as string, w.people.admin);

  const ok = await page.goto(`/admin/requests?status=approved&affiliation=${q}`);
  expect(ok?.status()).toBe(200);
  await expect(page.getByTestId("ignored-filters")).toHaveCount(0);
  await expect(page.getByLabel("Status")).toHaveValue("APPROVED");
  await expect(page.getByTestId("queue-row")).toHaveCount(1);

  const bad = await page.goto(`/admin/requests?status=granted&country=zz&affiliation=${q}`);
  expect(bad?.status()).toBe(200);
  const notice = page.getByTestId("ignored-filters");
  await expect(notice).toContainText("The filter “status=granted” was ignored: it is not one of the choices.");
  await expect(notice).toContainText("The filter “country=zz” was ignored: it is not a valid value.");
  await expect(notice).not.toContainText(/Invalid|expected|received/);
  // The valid filter still applies; the dropped ones fall back to their defaults.
  await expect(page.getByLabel("Affiliation contains")).toHaveValue(affiliation);
  await expect(page.getByLabel("Status")).toHaveValue("PENDING");
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);

  // The country filter is the profile's picker, not an ISO code box.
  const country = page.getByRole("combobox", { name: "Country" });
  await country.fill("Germ");
  await page.getByRole("option", { name: "Germany" }).click();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]country=DE(&|$)/);
  await expect(page.getByTestId("ignored-filters")).toHaveCount(0);
});
