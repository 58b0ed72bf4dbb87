// axe-core on every page, as the anonymous visitor, a researcher, a reviewer and an admin see it:
// no serious or critical violation (contrast AA, names and labels, landmarks, ...), and one h1 per
// page. Then what axe cannot judge: the skip link, a visible focus ring, the admin sub-nav's
// current section.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { pageTour, type State, type Tour } from "../fixtures/page-tour";
import { useSession } from "../fixtures/session";
import { expectNoSeriousA11yViolations } from "../support/axe";

let api: APIRequestContext;
let tour: Tour;
test.beforeAll(async ({ playwright }) => {
  api = await playwright.request.newContext({ baseURL });
  tour = await pageTour(api);
});
test.afterAll(async () => {
  await tour?.remove();
  await api?.dispose();
});

const signInAs = async (page: Page, state: State) => {
  if (state !== "anonymous") await useSession(page.context(), baseURL, tour.people[state]);
};

for (const state of ["anonymous", "researcher", "reviewer", "admin"] as const)
  test(`every page as ${state}: no serious or critical axe violation, one h1`, async ({ page }) => {
    test.setTimeout(600_000); // a dozen pages, each scanned by axe
    await signInAs(page, state);
    for (const stop of tour.stops[state]) {
      await test.step(stop.path, async () => {
        const response = await page.goto(stop.path);
        expect.soft(response?.status(), stop.path).toBeLessThan(500);
        await expect.soft(stop.primary(page), `${stop.path}: the primary action`).toBeVisible();
        await expect.soft(page.getByRole("heading", { level: 1 }), `${stop.path}: one h1`).toHaveCount(1);
        await expectNoSeriousA11yViolations(page).catch((e: Error) => expect.soft(e.message).toBe(""));
      });
    }
  });

test("the first Tab stop is a visible 'Skip to content' link that moves focus to the main content", async ({
  page,
}) => {
  await page.goto(`/models/silero/silero-vad`);
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).not.toBeInViewport();
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // The next Tab lands inside the page's content, past the site's navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.querySelector("main")?.contains(document.activeElement))).toBe(true);
});

test("a focused control shows a focus ring", async ({ page }) => {
  await page.goto("/sign-in");
  const field = page.getByLabel("E-mail address");
  const outlineOf = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
  // Tab until the sign-in button has focus: keyboard focus, the kind that must show.
  await field.focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "E-mail me a sign-in link" })).toBeFocused();
  const ring = await outlineOf();
  expect(ring.style).not.toBe("none");
  expect(ring.width).toBeGreaterThan(0);
});

test("the admin sub-nav marks the section of the page shown", async ({ page }) => {
  await signInAs(page, "admin");
  const nav = page.getByRole("navigation", { name: "Review" });
  for (const [path, section] of [
    ["/admin/requests", "Review queue"],
    [`/admin/models/silero/silero-vad/settings`, "Models"],
    ["/admin/audit", "Audit log"],
  ] as const) {
    await page.goto(path);
    await expect(nav.getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator("[aria-current]")).toHaveCount(1);
  }
});
