// The playground with a fingerprinted model, in Chromium: a grantee's first "Load model" shows
// "Preparing your copy" while the worker marks it, the page tries again by itself and then runs the
// char-LM; every weight byte the browser fetched came from the grant's copy, never the original.
import { expect, test } from "@playwright/test";
import { apply, client, expectJson, person } from "../fixtures/access-world";
import { copyRow, fingerprintedCharLm } from "../fixtures/fingerprint";
import { greedy } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

const s3Host = () => new URL(process.env.E2E_S3_ENDPOINT as string).host;

test("a grantee sees 'preparing your copy', then runs the model from their own marked copy", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  const model = await fingerprintedCharLm();
  try {
    const me = await person({ role: "ADMIN" });
    const submitted = await expectJson<{ request: { id: string; status: string } }>(
      await apply(client(request, me), model, {}),
      201,
    );
    expect(submitted.request.status).toBe("APPROVED");
    const grantId = submitted.request.id;
    await useSession(context, baseURL as string, me);

    const weightUrls: URL[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.host === s3Host()) weightUrls.push(url);
    });
    const sessions: { status: number; files?: { path: string; sha256: string }[] }[] = [];
    page.on("response", async (r) => {
      if (!r.url().endsWith("/playground-sessions")) return;
      const body = (await r.json().catch(() => ({}))) as { files?: { path: string; sha256: string }[] };
      sessions.push({ status: r.status(), files: body.files });
    });

    await page.goto(`/models/${model.slug}`);
    await expect(page.getByTestId("fingerprint-note")).toContainText("individually marked copy");
    await page.goto(`/models/${model.slug}/try`);
    await expect(page.getByTestId("load-model")).toBeEnabled();
    await page.getByTestId("load-model").click();
    await expect(page.getByTestId("copy-preparing")).toBeVisible();
    await expect(page.getByTestId("copy-preparing")).toContainText("Preparing your copy");
    expect(weightUrls).toEqual([]);

    // The worker makes the copy; the page asks again after Retry-After (15 s) without a click.
    await expect(page.getByTestId("backend").or(page.getByTestId("playground-error"))).toBeVisible({
      timeout: 120_000,
    });
    await expect(page.getByTestId("playground-error")).toHaveCount(0);
    await expect(page.getByTestId("copy-preparing")).toHaveCount(0);
    expect(await greedy(page, "the king said", 20)).toHaveLength(20);

    const copy = await copyRow(grantId, model.onnx.path);
    expect(copy).toMatchObject({ status: "READY", storageKey: `fingerprinted/${grantId}/${model.onnx.storageKey}` });
    expect(copy?.sha256).not.toBe(model.onnx.sha256);
    expect(sessions.map((s) => s.status)).toEqual([503, 201]);
    expect(sessions[1]?.files).toEqual([expect.objectContaining({ path: model.onnx.path, sha256: copy?.sha256 })]);
    // Path-style URLs: /<bucket>/<key>. Every weight request was for the copy's key.
    expect(weightUrls.length).toBeGreaterThan(0);
    for (const url of weightUrls) expect(decodeURIComponent(url.pathname)).toBe(`/weights/${copy?.storageKey}`);
  } finally {
    await model.remove();
  }
});
