// Image preprocessing for NCHW image classifiers, PP-OCR's text-orientation classifier first
// (PaddleOCR's ClsPreProcess): resize to the model's height keeping the aspect ratio, crop what is
// wider than the model's input (see fitImage), scale to [-1, 1], channels in BGR order as OpenCV
// reads them, pad right with 0.

export type ImageSpec = { channels: 3; height: number; width: number; labels: string[] };
type Value = { type: string; shape: (number | string | null)[] | null };

/** The width an image of `w`×`h` is resized to for a model input of `height`×`maxWidth`. */
export const resizedWidth = (w: number, h: number, height: number, maxWidth: number) =>
  Math.max(1, Math.min(maxWidth, Math.ceil((height * w) / h)));

/**
 * How an image of `w`×`h` goes into a `height`×`width` input without distorting it: an image as wide
 * as the input's aspect or narrower is scaled to the height and padded on the right (letterboxed);
 * a wider one (an 8:1 text line into a 4:1 input) is cropped to its left part of the input's aspect,
 * since squeezing it changes the letters' shapes and the model then answers confidently wrong.
 * `usedFraction` is the share of the image's width that the model sees (1 when nothing is cut).
 */
export const fitImage = (w: number, h: number, height: number, width: number) => {
  const maxSourceWidth = (h * width) / height;
  const cropped = w > maxSourceWidth + 0.5;
  const sw = cropped ? Math.max(1, Math.round(maxSourceWidth)) : w;
  return {
    source: { x: 0, y: 0, w: sw, h },
    drawWidth: resizedWidth(sw, h, height, width),
    mode: cropped ? ("cropped" as const) : ("letterboxed" as const),
    usedFraction: sw / w,
  };
};
export type ImageFit = Pick<ReturnType<typeof fitImage>, "mode" | "usedFraction">;

/** The sentence the widget shows about what the model saw. */
export const describeFit = (fit: ImageFit, spec: Pick<ImageSpec, "height" | "width">) => {
  const aspect = `${spec.width}×${spec.height}`;
  return fit.mode === "cropped"
    ? `The image is wider than the model's ${aspect} input, so only its left ${Math.round(fit.usedFraction * 100)}% was used (cropped, not squeezed).`
    : `The whole image was used: scaled to ${spec.height} px high and padded on the right to the model's ${aspect} input.`;
};

/**
 * RGBA pixels of the resized image (`w` = resizedWidth, `height` rows) → float32 [1, 3, height, width],
 * normalised as (x / 255 − 0.5) / 0.5, BGR, zero-padded on the right.
 */
export const toChwTensor = (rgba: Uint8ClampedArray, w: number, height: number, width: number): Float32Array => {
  const out = new Float32Array(3 * height * width);
  const plane = height * width;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      const o = y * width + x;
      // BGR: channel 0 is blue.
      out[o] = (rgba[p + 2]! / 255 - 0.5) / 0.5;
      out[plane + o] = (rgba[p + 1]! / 255 - 0.5) / 0.5;
      out[2 * plane + o] = (rgba[p]! / 255 - 0.5) / 0.5;
    }
  return out;
};

/**
 * The image contract of a classifier from its inspection: one float32 input [batch, 3, H, W] with
 * H and W (see below), one output [batch, classes]. Labels from metadata_props `labels` (a JSON array);
 * the PP-OCR orientation classifier (48×192, two classes) stores none, and its classes are 0° and 180°.
 */
export const readImageSpec = (
  inputs: Value[],
  outputs: Value[],
  metadata: Record<string, string>,
): ImageSpec | null => {
  const [input] = inputs;
  const [output] = outputs;
  if (inputs.length !== 1 || !input || !output || input.type !== "float32" || input.shape?.length !== 4) return null;
  const [, c, dh, dw] = input.shape;
  if (c !== 3) return null;
  const classes = output.shape?.[1];
  const fixed = (d: unknown): d is number => typeof d === "number" && d > 0;
  // Exporters often leave H and W dynamic (PP-OCR's does); then the size the model was trained at is
  // taken from metadata_props, else PP-OCR's classifier convention (48×192, two classes), else 224×224.
  const ppocr = classes === 2;
  const h = fixed(dh) ? dh : Number(metadata.image_height) || (ppocr ? 48 : 224);
  const w = fixed(dw) ? dw : Number(metadata.image_width) || (ppocr ? 192 : 224);
  let labels: string[] | null = null;
  try {
    const parsed = JSON.parse(metadata.labels ?? "null") as unknown;
    if (Array.isArray(parsed) && parsed.every((l) => typeof l === "string")) labels = parsed;
  } catch {
    labels = null;
  }
  if (!labels && classes === 2 && h === 48 && w === 192) labels = ["0°", "180°"];
  if (!labels)
    labels = Array.from({ length: typeof classes === "number" && classes > 0 ? classes : 0 }, (_, i) => `class ${i}`);
  return { channels: 3, height: h, width: w, labels };
};
