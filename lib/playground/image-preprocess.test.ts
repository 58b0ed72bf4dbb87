import { describe, expect, it } from "vitest";
import { describeFit, fitImage, readImageSpec, resizedWidth, toChwTensor } from "./image-preprocess";

describe("image preprocessing", () => {
  it("keeps the aspect ratio up to the model's width", () => {
    expect(resizedWidth(100, 50, 48, 192)).toBe(96);
    expect(resizedWidth(1000, 50, 48, 192)).toBe(192);
    expect(resizedWidth(1, 500, 48, 192)).toBe(1);
  });

  it("crops an image wider than the input's aspect instead of squeezing it, and letterboxes the rest", () => {
    // An 8:1 line into PP-OCR's 48×192 (4:1): its left half, drawn at 192 px wide.
    const wide = fitImage(800, 100, 48, 192);
    expect(wide).toEqual({
      source: { x: 0, y: 0, w: 400, h: 100 },
      drawWidth: 192,
      mode: "cropped",
      usedFraction: 0.5,
    });
    expect(describeFit(wide, { height: 48, width: 192 })).toBe(
      "The image is wider than the model's 192×48 input, so only its left 50% was used (cropped, not squeezed).",
    );
    // Exactly 4:1, and narrower: the whole image, scaled to 48 px high and padded on the right.
    expect(fitImage(400, 100, 48, 192)).toMatchObject({ drawWidth: 192, mode: "letterboxed", usedFraction: 1 });
    const narrow = fitImage(100, 50, 48, 192);
    expect(narrow).toMatchObject({ source: { w: 100, h: 50 }, drawWidth: 96, mode: "letterboxed" });
    expect(describeFit(narrow, { height: 48, width: 192 })).toMatch(/^The whole image was used/);
    // The drawn aspect always matches the source's (within a pixel of rounding).
    for (const [w, h] of [
      [3000, 40],
      [220, 56],
      [57, 300],
    ] as const) {
      const f = fitImage(w, h, 48, 192);
      expect(Math.abs(f.drawWidth / 48 - f.source.w / f.source.h)).toBeLessThan(1 / 48 + 1e-9);
    }
  });

  it("lays out BGR planes scaled to [-1, 1] and pads the right with zeros", () => {
    // 2×1 image: a red pixel and a white one, into a 1×3 input.
    const rgba = Uint8ClampedArray.from([255, 0, 0, 255, 255, 255, 255, 255]);
    const t = toChwTensor(rgba, 2, 1, 3);
    expect(Array.from(t)).toEqual([-1, 1, 0, -1, 1, 0, 1, 1, 0]);
  });

  it("reads the PP-OCR classifier's contract, and refuses inputs that are not an RGB image", () => {
    const spec = readImageSpec(
      [{ type: "float32", shape: ["x", 3, 48, 192] }],
      [{ type: "float32", shape: ["x", 2] }],
      {},
    );
    expect(spec).toEqual({ channels: 3, height: 48, width: 192, labels: ["0°", "180°"] });
    expect(
      readImageSpec([{ type: "float32", shape: [1, 3, 224, 224] }], [{ type: "float32", shape: [1, 3] }], {
        labels: '["a","b","c"]',
      })?.labels,
    ).toEqual(["a", "b", "c"]);
    expect(
      readImageSpec([{ type: "float32", shape: [1, 3, 224, 224] }], [{ type: "float32", shape: [1, 3] }], {})?.labels,
    ).toEqual(["class 0", "class 1", "class 2"]);
    expect(readImageSpec([{ type: "float32", shape: [1, 512] }], [{ type: "float32", shape: [1, 2] }], {})).toBeNull();
    // PP-OCR's export leaves batch, H and W dynamic.
    expect(
      readImageSpec([{ type: "float32", shape: ["d0", 3, "d1", "d2"] }], [{ type: "float32", shape: ["d0", 2] }], {}),
    ).toEqual(spec);
    expect(
      readImageSpec([{ type: "float32", shape: [1, 3, "h", "w"] }], [{ type: "float32", shape: [1, 5] }], {
        image_height: "32",
        image_width: "64",
      }),
    ).toMatchObject({ height: 32, width: 64 });
    expect(
      readImageSpec([{ type: "float32", shape: [1, 1, 28, 28] }], [{ type: "float32", shape: [1, 10] }], {}),
    ).toBeNull();
  });
});
