// axe-core in the page: a spec calls this on a page it has opened, in the state it wants checked.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.0/2.1/2.2 A and AA rules and axe's best practices (skip link, landmarks, headings). */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Fails on any serious or critical axe violation in the page as it is now, listing each rule with
 * the selectors and axe's summary of what is wrong, so the failure reads as a to-do list.
 * `exclude`: selectors left out of the scan (for content the page does not control).
 */
export const expectNoSeriousA11yViolations = async (page: Page, { exclude = [] }: { exclude?: string[] } = {}) => {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
    }));
  expect(serious, `serious or critical accessibility violations on ${page.url()}`).toEqual([]);
};
