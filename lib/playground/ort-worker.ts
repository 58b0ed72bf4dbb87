// The playground's ONNX Runtime, in its own module worker so inference never blocks the page.
// ORT itself is imported at run time from our own origin (public/ort/<version>/, copied from
// node_modules at build time), never bundled and never from a CDN.
import type * as Ort from "onnxruntime-web/webgpu";
import { generateChars } from "./char-lm";
import { ORT_BASE_PATH, ORT_MODULE_PATH } from "./ort-assets";
import { resizedWidth, toChwTensor } from "./image-preprocess";
import type { Feed } from "./tensor-feeds";
import type { WebGpuSkip, WorkerRequest, WorkerResponse } from "./worker-protocol";

type GpuAdapter = { features: { has: (f: string) => boolean }; info?: { vendor?: string; architecture?: string; description?: string } };
type Gpu = { requestAdapter: () => Promise<GpuAdapter | null> };

const scope = globalThis as unknown as {
  navigator: { gpu?: Gpu; hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  postMessage: (m: WorkerResponse) => void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};
const post = (m: WorkerResponse) => scope.postMessage(m);

let ort: typeof Ort | null = null;
let session: Ort.InferenceSession | null = null;

const loadOrt = async () => {
  if (ort) return ort;
  // Ignored by the bundler: a URL on our origin, resolved by the browser.
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ ORT_MODULE_PATH)) as typeof Ort;
  mod.env.wasm.wasmPaths = ORT_BASE_PATH;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page; without it ORT would use one anyway.
  mod.env.wasm.numThreads = scope.crossOriginIsolated ? Math.max(1, Math.min(4, scope.navigator.hardwareConcurrency ?? 1)) : 1;
  // We already are the worker; ORT's own proxy worker would only add a hop.
  mod.env.wasm.proxy = false;
  ort = mod;
  return mod;
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One provider at a time, so we know which one runs and why WebGPU did not (a list of providers falls back silently). */
const load = async ({ bytes, forceWasm, needsF16 }: Extract<WorkerRequest, { type: "load" }>) => {
  const o = await loadOrt();
  const model = new Uint8Array(bytes);
  let skipped: WebGpuSkip | null = null;
  let adapterName: string | null = null;
  const started = performance.now();
  session = null;
  if (forceWasm) skipped = { reason: "forced-wasm", detail: "WASM was forced." };
  else if (!scope.navigator.gpu) skipped = { reason: "no-webgpu", detail: "This browser has no WebGPU (navigator.gpu is missing)." };
  else {
    const adapter = await scope.navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter) skipped = { reason: "no-adapter", detail: "WebGPU is present but the browser offers no adapter (no usable GPU, or WebGPU is switched off)." };
    else if (needsF16 && !adapter.features.has("shader-f16")) skipped = { reason: "feature-missing", detail: "The WebGPU adapter lacks shader-f16, which this float16 model needs." };
    else {
      adapterName = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(" ") || "unnamed adapter";
      try {
        session = await o.InferenceSession.create(model, { executionProviders: ["webgpu"] });
      } catch (e) {
        skipped = { reason: "session-failed", detail: `WebGPU could not run this model (an operator or type it does not support?): ${message(e)}` };
      }
    }
  }
  const backend = session ? "webgpu" : "wasm";
  if (!session) session = await o.InferenceSession.create(model, { executionProviders: ["wasm"] });
  post({
    type: "loaded",
    backend,
    skipped,
    adapter: backend === "webgpu" ? adapterName : null,
    threads: o.env.wasm.numThreads ?? 1,
    crossOriginIsolated: Boolean(scope.crossOriginIsolated),
    sessionMs: performance.now() - started,
  });
};

const generate = async ({ id, model, prompt, length, strategy }: Extract<WorkerRequest, { type: "generate" }>) => {
  const o = await loadOrt();
  const s = session;
  if (!s) throw new Error("Load the model first.");
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
  post({ type: "done", id, text, runs: times.length, firstRunMs: times[0] ?? 0, meanRunMs: mean, tokensPerSecond: seconds > 0 ? times.length / seconds : 0 });
};

const PREVIEW = 64;

const toTensor = (o: typeof Ort, { type, dims, data }: Feed) => {
  if (type === "int64") return new o.Tensor("int64", BigInt64Array.from(data, (x) => BigInt(x)), dims);
  if (type === "bool") return new o.Tensor("bool", Uint8Array.from(data, (x) => (x ? 1 : 0)), dims);
  const arrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, int8: Int8Array } as const;
  return new o.Tensor(type, arrays[type].from(data), dims);
};

/** The generic widget: one run on the given feeds, outputs summarised (shape, type, first values). */
const runFeeds = async ({ id, feeds }: Extract<WorkerRequest, { type: "run" }>) => {
  const o = await loadOrt();
  if (!session) throw new Error("Load the model first.");
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
const classifyImage = async ({ id, image, spec, inputName, outputName }: Extract<WorkerRequest, { type: "classify-image" }>) => {
  const o = await loadOrt();
  if (!session) throw new Error("Load the model first.");
  const w = resizedWidth(image.width, image.height, spec.height, spec.width);
  const canvas = new OffscreenCanvas(w, spec.height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw images in a worker.");
  ctx.drawImage(image, 0, 0, w, spec.height);
  image.close();
  const pixels = ctx.getImageData(0, 0, w, spec.height).data;
  const input = new o.Tensor("float32", toChwTensor(pixels, w, spec.height, spec.width), [1, 3, spec.height, spec.width]);
  const t0 = performance.now();
  const out = await session.run({ [inputName]: input });
  const ms = performance.now() - t0;
  const values = Array.from((await out[outputName]!.getData()) as Float32Array);
  const scores = probabilities(values).map((score, i) => ({ label: spec.labels[i] ?? `class ${i}`, score }));
  post({ type: "classified", id, ms, scores });
};

scope.onmessage = (e) => {
  const req = e.data;
  const run = req.type === "load" ? load(req) : req.type === "run" ? runFeeds(req) : req.type === "classify-image" ? classifyImage(req) : generate(req);
  run.catch((err: unknown) => post({ type: "error", id: req.type === "load" ? undefined : req.id, message: message(err) }));
};
