import { test } from "@playwright/test";
test("timing", async ({ page }) => {
  const t0 = Date.now();
  page.on("requestfinished", (r) => console.log("done", Date.now() - t0, r.url().slice(0, 100)));
  page.on("requestfailed", (r) => console.log("FAIL", Date.now() - t0, r.url().slice(0, 100), r.failure()?.errorText));
  await page.goto("/", { waitUntil: "commit" });
  console.log("commit", Date.now() - t0);
  await page.waitForLoadState("domcontentloaded");
  console.log("dcl", Date.now() - t0);
  await page.waitForLoadState("load");
  console.log("load", Date.now() - t0);
  await page.goto("/");
  console.log("second load", Date.now() - t0);
});
