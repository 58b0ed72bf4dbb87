// The image-classification widget on the seeded PP-OCR text-orientation classifier: the test draws
// a line of text, upright and turned upside down, and the model tells them apart (0° / 180°).
import { expect, test, type Page } from "@playwright/test";
import { SEEDED, apply, client, expectJson, person, seeded, type Submitted } from "../fixtures/access-world";
import { loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

/** A PNG of a black text line on white, drawn by the browser, optionally rotated by 180°. */
const textLine = (page: Page, upsideDown: boolean) =>
  page.evaluate(async (flip) => {
    // About 4:1, the classifier's own 48×192 aspect, so resizing does not squeeze the letters.
    const [w, h] = [220, 56];
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    if (flip) {
      ctx.translate(w, h);
      ctx.rotate(Math.PI);
    }
    ctx.fillStyle = "#000";
    ctx.font = "36px sans-serif";
    ctx.textBaseline = "middle";
    ctx.fillText("Hello world", 6, h / 2);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
    return Array.from(bytes);
  }, upsideDown);

test("an upright line of text is 0° and the same line upside down is 180°", async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  const me = await person();
  await expectJson<Submitted>(await apply(client(request, me), await seeded(SEEDED.AUTO)), 201);
  await useSession(context, baseURL as string, me);

  await page.goto(`/models/${SEEDED.AUTO}/try`);
  await loadModel(page);

  for (const [flip, label] of [
    [false, "0°"],
    [true, "180°"],
  ] as const) {
    const png = Buffer.from(await textLine(page, flip));
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: flip ? "flipped.png" : "upright.png", mimeType: "image/png", buffer: png });
    await expect(page.getByTestId("image-result")).toHaveAttribute("data-label", label, { timeout: 30_000 });
    // A clear decision, not a coin toss.
    const score = Number((await page.getByTestId("image-result").getAttribute("data-score")) ?? 0);
    expect(score).toBeGreaterThan(0.8);
  }
});
