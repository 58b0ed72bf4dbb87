// The worker's tasks on the loaded session: text generation, a generic run on tensors, image
// classification (the model's preprocessing done here, off the page's thread).
import type * as Ort from "onnxruntime-web/webgpu";
import { generateChars } from "./char-lm";
import { fitImage, toChwTensor } from "./image-preprocess";
import { post, ready } from "./ort-runtime";
import type { PackedFeed } from "./tensor-feeds";
import type { WorkerRequest } from "./worker-protocol";

export const generate = async ({
  id,
  model,
  prompt,
  length,
  strategy,
}: Extract<WorkerRequest, { type: "generate" }>) => {
  const { ort: o, session: s } = await ready();
  const times: number[] = [];
  const started = performance.now();
  const text = await generateChars(
    model,
    { prompt, length, strategy },
    async (context) => {
      const t0 = performance.now();
      const input = new o.Tensor("int64", BigInt64Array.from(context, BigInt), [1, context.length]);
      const out = await s.run({ [model.inputName]: input });
      const logits = (await out[model.outputName]!.getData()) as Float32Array;
      times.push(performance.now() - t0);
      return logits;
    },
    (t) => post({ type: "token", id, text: t }),
  );
  const seconds = (performance.now() - started) / 1000;
  const mean = times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0;
  post({
    type: "done",
    id,
    text,
    runs: times.length,
    firstRunMs: times[0] ?? 0,
    meanRunMs: mean,
    tokensPerSecond: seconds > 0 ? times.length / seconds : 0,
  });
};

const PREVIEW = 64;

// The feeds arrive in their typed arrays (packFeeds in tensor-feeds.ts), so a tensor wraps them as they are.
const toTensor = (o: typeof Ort, { type, dims, data }: PackedFeed) =>
  new o.Tensor(type, data as Float32Array, dims) as Ort.Tensor;

/** The generic widget: one run on the given feeds, outputs summarised (shape, type, first values). */
export const runFeeds = async ({ id, feeds }: Extract<WorkerRequest, { type: "run" }>) => {
  const { ort: o, session } = await ready();
  const t0 = performance.now();
  const out = await session.run(Object.fromEntries(feeds.map((f) => [f.name, toTensor(o, f)])));
  const ms = performance.now() - t0;
  const outputs = await Promise.all(
    Object.entries(out).map(async ([name, t]) => {
      const data = (await t.getData()) as ArrayLike<number | bigint | string>;
      const preview = Array.from({ length: Math.min(PREVIEW, data.length) }, (_, i) => Number(data[i]));
      return { name, type: t.type, dims: [...t.dims], size: t.size, preview };
    }),
  );
  post({ type: "outputs", id, ms, outputs });
};

/** Scores as probabilities: kept when the model already ends in a softmax, otherwise softmaxed here. */
const probabilities = (values: number[]) => {
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3) return values;
  const top = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
};

/** Image classifiers: the model's preprocessing done here, off the page's thread. */
export const classifyImage = async ({
  id,
  image,
  spec,
  inputName,
  outputName,
}: Extract<WorkerRequest, { type: "classify-image" }>) => {
  const { ort: o, session } = await ready();
  const fit = fitImage(image.width, image.height, spec.height, spec.width);
  const w = fit.drawWidth;
  const canvas = new OffscreenCanvas(w, spec.height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw images in a worker.");
  const { source: src } = fit;
  ctx.drawImage(image, src.x, src.y, src.w, src.h, 0, 0, w, spec.height);
  image.close();
  const pixels = ctx.getImageData(0, 0, w, spec.height).data;
  const input = new o.Tensor("float32", toChwTensor(pixels, w, spec.height, spec.width), [
    1,
    3,
    spec.height,
    spec.width,
  ]);
  const t0 = performance.now();
  const out = await session.run({ [inputName]: input });
  const ms = performance.now() - t0;
  const values = Array.from((await out[outputName]!.getData()) as Float32Array);
  const scores = probabilities(values).map((score, i) => ({ label: spec.labels[i] ?? `class ${i}`, score }));
  post({ type: "classified", id, ms, scores, fit: { mode: fit.mode, usedFraction: fit.usedFraction } });
};
