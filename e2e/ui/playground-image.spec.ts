// The image-classification widget on the seeded PP-OCR text-orientation classifier: the test draws
// a line of text, upright and turned upside down, and the model tells them apart (0° / 180°).
import { expect, test, type Page } from "@playwright/test";
import { SEEDED, apply, client, expectJson, person, seeded, type Submitted } from "../fixtures/access-world";
import { loadModel } from "../fixtures/playground";
import { useSession } from "../fixtures/session";

/** A PNG of a black text line on white, drawn by the browser, optionally rotated by 180°. */
const textLine = (page: Page, upsideDown: boolean, wide = false) =>
  page.evaluate(
    async ([flip, eightToOne]) => {
      // About 4:1, the classifier's own 48×192 aspect; or 8:1, which the widget crops rather than squeezes.
      const [w, h] = eightToOne ? [448, 56] : [220, 56];
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
      ctx.fillText(eightToOne ? "Hello world, hello world" : "Hello world", 6, h / 2);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
      return Array.from(bytes);
    },
    [upsideDown, wide] as const,
  );

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

  for (const [flip, wide, label] of [
    [false, false, "0°"],
    [true, false, "180°"],
    // An 8:1 upright line: squeezed into 4:1 it was scored 180°; cropped to the input's aspect it reads upright.
    [false, true, "0°"],
  ] as const) {
    const png = Buffer.from(await textLine(page, flip, wide));
    await page.locator('input[type="file"]').setInputFiles({
      name: `${flip ? "flipped" : "upright"}${wide ? "-wide" : ""}.png`,
      mimeType: "image/png",
      buffer: png,
    });
    await expect(page.getByTestId("image-result")).toHaveAttribute("data-label", label, { timeout: 30_000 });
    const fit = page.getByTestId("image-fit");
    await expect(fit).toHaveAttribute("data-mode", wide ? "cropped" : "letterboxed");
    await expect(fit).toContainText(wide ? "only its left 50% was used" : "The whole image was used");
    // A clear decision, not a coin toss.
    const score = Number((await page.getByTestId("image-result").getAttribute("data-score")) ?? 0);
    expect(score).toBeGreaterThan(0.8);
  }
});
