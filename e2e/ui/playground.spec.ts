// The in-browser playground in headless Chromium without WebGPU (the default launch has
// --disable-gpu): the gate before any URL, WASM fallback said on the page, greedy generation,
// the Cache API keyed by sha256 (no weight bytes on a second visit), and a corrupted object refused.
import { expect, test, type Page } from "@playwright/test";
import { addBigFile } from "../fixtures/big-file";
import { withDb } from "../fixtures/db";
import {
  SEEDED,
  apply,
  client,
  expectJson,
  ownModel,
  person,
  seeded,
  setRequest,
  daysFromNow,
  urls,
  type Submitted,
} from "../fixtures/access-world";
import { greedy, loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

const s3Host = () => new URL(process.env.E2E_S3_ENDPOINT as string).host;

/** A researcher with an approved grant on the seeded char-level model and its license accepted. */
const grantee = async (request: Parameters<typeof client>[0]) => {
  const me = await person();
  const model = await seeded(SEEDED.MANUAL);
  const submitted = await expectJson<Submitted>(await apply(client(request, me), model), 201);
  await setRequest(submitted.request.id, { status: "APPROVED", decidedAt: new Date(), expiresAt: daysFromNow(30) });
  return me;
};

const playgroundEvents = (userId: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "DownloadEvent" WHERE "userId" = $1 AND channel = 'PLAYGROUND'`,
          [userId],
        )
      ).rows[0]?.n ?? 0,
  );

/** Requests to the object store (weights) while `fn` runs. */
const s3Requests = async (page: Page, fn: () => Promise<void>) => {
  const seen: string[] = [];
  const onRequest = (r: { url: () => string }) => {
    if (new URL(r.url()).host === s3Host()) seen.push(r.url());
  };
  page.on("request", onRequest);
  await fn();
  page.off("request", onRequest);
  return seen;
};

test("a grantee runs the char model on WASM (said why), streams greedy text; a second visit transfers no weight bytes", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  const me = await grantee(request);
  await useSession(context, baseURL as string, me);

  await page.goto(`/models/${SEEDED.MANUAL}`);
  await page.getByTestId("try-it").click();
  await expect(page).toHaveURL(new RegExp(`/models/${SEEDED.MANUAL}/try$`));
  await expect(page.getByTestId("cache-empty")).toBeVisible();

  const first = await s3Requests(page, () => loadModel(page));
  expect(first.length).toBeGreaterThan(0);
  const backend = page.getByTestId("backend");
  await expect(backend).toHaveAttribute("data-backend", "wasm");
  await expect(page.getByTestId("webgpu-skipped")).toHaveAttribute("data-reason", /^(no-webgpu|no-adapter)$/);
  await expect(page.getByTestId("threads")).toContainText("(the page is cross-origin isolated)");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId("cached-file")).toHaveCount(1);

  const text = await greedy(page, "the king said", 40);
  expect(text).toHaveLength(40);
  expect(await greedy(page, "the king said", 40)).toBe(text);
  await expect(page.getByTestId("tokens-per-second")).toContainText("tokens/s");
  await expect(page.getByTestId("perf-tokens-per-second")).not.toHaveText("—");
  expect(await playgroundEvents(me.userId)).toBe(1);

  // Second visit: the session start passes the gate (and is recorded) but no weight byte moves.
  const second = await s3Requests(page, async () => {
    await page.reload();
    await expect(page.getByTestId("cached-file")).toHaveCount(1);
    await loadModel(page);
  });
  expect(second).toEqual([]);
  await expect(page.getByTestId("perf-download")).toContainText("from the browser cache");
  expect(await greedy(page, "the king said", 40)).toBe(text);
  expect(await playgroundEvents(me.userId)).toBe(2);

  await page.getByTestId("clear-cache").click();
  await expect(page.getByTestId("cache-empty")).toBeVisible();
});

test("a caller without a grant gets the gate's next step and no URL is ever issued", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person();
  await useSession(context, baseURL as string, me);
  const seen = await s3Requests(page, async () => {
    await page.goto(`/models/${SEEDED.MANUAL}/try`);
    await expect(page.getByTestId("access-panel")).toHaveAttribute("data-code", "REQUEST_REQUIRED");
  });
  await expect(page.getByTestId("load-model")).toHaveCount(0);
  expect(seen).toEqual([]);
  expect(await page.content()).not.toContain("X-Amz-Signature");
  const res = await client(request, me).post(`/api/v1/models/${SEEDED.MANUAL}/playground-sessions`, {});
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("REQUEST_REQUIRED");
  expect(await playgroundEvents(me.userId)).toBe(0);
});

test("an object whose bytes do not match the verified sha256 is refused before any session", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  const me = await person({ role: "ADMIN" });
  const model = await ownModel({ gating: "OPEN" });
  try {
    const file = await addBigFile(model.id, { path: "model.onnx", size: 64 * 1024 });
    // The registry recorded other bytes than the store now holds: a damaged or swapped object.
    await withDb((c) =>
      c.query(`UPDATE "ModelFile" SET sha256 = $2 WHERE "storageKey" = $1`, [file.key, "ab".repeat(32)]),
    );
    await withDb((c) => c.query(`UPDATE "Model" SET "playgroundEnabled" = true WHERE id = $1`, [model.id]));
    await client(request, me).post(urls.accept(model), { licenseVersionId: model.licenseVersionId });
    await useSession(context, baseURL as string, me);
    await page.goto(`/models/${model.slug}/try`);
    await page.getByTestId("load-model").click();
    await expect(page.getByTestId("playground-error")).toContainText("does not match its verified sha256", {
      timeout: 30_000,
    });
    await expect(page.getByTestId("backend")).toHaveCount(0);
    await expect(page.getByTestId("cache-empty")).toBeVisible();
    await file.remove();
  } finally {
    // Download events restrict deleting their model; none is expected, but a failed run may leave some.
    await withDb((c) => c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});
