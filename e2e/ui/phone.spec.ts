// Every page on a 390×844 phone, in each state: nothing wider than the screen (a wide table scrolls
// inside its own box), the page's primary action on screen once scrolled to, and no control or badge
// whose text is cut off.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { pageTour, type Tour } from "../fixtures/page-tour";
import { useSession } from "../fixtures/session";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

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

/**
 * Buttons, links and badges outside a sideways-scrolling box that stick out of the screen, and
 * those whose label is cut (an ellipsis or a hidden overflow): "what it shows" for each.
 */
const clipped = (page: Page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    for (const el of document.querySelectorAll(
      "main a, main button, main .mantine-Badge-root, header a, header button",
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (el.closest('[role="region"][tabindex]')) continue; // inside a table's own scroll box
      if (box.left < -1 || box.right > width + 1)
        out.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
      for (const label of el.querySelectorAll(".mantine-Button-label, .mantine-Badge-label"))
        if (label.scrollWidth > label.clientWidth + 1)
          out.push(`${name(el)} shows ${label.clientWidth} of ${label.scrollWidth} px of its label`);
    }
    return out;
  });

for (const state of ["anonymous", "researcher", "reviewer", "admin"] as const)
  test(`every page as ${state} at 390 px: no overflow, the primary action on screen, nothing cut off`, async ({
    page,
  }) => {
    test.setTimeout(600_000); // a dozen pages
    if (state !== "anonymous") await useSession(page.context(), baseURL, tour.people[state]);
    for (const stop of tour.stops[state]) {
      await test.step(stop.path, async () => {
        await page.goto(stop.path);
        const primary = stop.primary(page);
        await expect.soft(primary, `${stop.path}: the primary action`).toBeVisible();
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        expect.soft(widths.scroll, `${stop.path}: page width at ${widths.inner} px`).toBeLessThanOrEqual(widths.inner);
        if (await primary.isVisible()) {
          await primary.scrollIntoViewIfNeeded();
          await expect.soft(primary, `${stop.path}: the primary action on screen`).toBeInViewport();
          // Across the screen's width, not cut at either side (unless it sits in a table's own scroll box).
          const across = await primary.evaluate((el) => {
            const box = el.getBoundingClientRect();
            return el.closest('[role="region"][tabindex]') || (box.left >= -1 && box.right <= window.innerWidth + 1);
          });
          expect.soft(Boolean(across), `${stop.path}: the primary action within the screen's width`).toBe(true);
        }
        expect.soft(await clipped(page), `${stop.path}: cut-off controls`).toEqual([]);
      });
    }
  });
