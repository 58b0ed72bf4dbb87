// The API reference page renders the OpenAPI document from our own origin, within the page's CSP.
import { expect, test } from "@playwright/test";

test("/docs/api renders the API reference from /api/openapi.json, with nothing refused by the CSP", async ({
  page,
}) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  // Nothing is fetched from anywhere but this server (no fonts, proxy or registry of Scalar's).
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!/^(data:|blob:|http:\/\/127\.0\.0\.1[:/])/.test(r.url())) outside.push(r.url());
  });
  const res = await page.goto("/docs/api");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Weights Registry API" }).first()).toBeVisible({ timeout: 30_000 });
  // An operation of the catalog, from the document.
  await expect(page.getByText("/api/v1/models", { exact: false }).first()).toBeAttached();
  expect(refused).toEqual([]);
  expect(outside).toEqual([]);
});
