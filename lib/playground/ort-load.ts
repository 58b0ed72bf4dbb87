// Session creation: WebGPU first, then WASM, one provider at a time so the page knows which one runs
// and why WebGPU did not (a list of providers falls back silently).
import type * as Ort from "onnxruntime-web/webgpu";
import { loadOrt, post, scope, setSession } from "./ort-runtime";
import type { WebGpuSkip, WorkerRequest } from "./worker-protocol";

type ExternalData = { path: string; data: Uint8Array }[];

/** A session on one provider; the external weights are handed over by name (onnxruntime-web's `externalData` option). */
const create = (o: typeof Ort, model: Uint8Array, externalData: ExternalData, provider: "webgpu" | "wasm") =>
  o.InferenceSession.create(model, {
    executionProviders: [provider],
    ...(externalData.length ? { externalData } : {}),
  });

export const load = async ({
  bytes,
  externalData: files = [],
  forceWasm,
  needsF16,
}: Extract<WorkerRequest, { type: "load" }>) => {
  const o = await loadOrt();
  const model = new Uint8Array(bytes);
  const externalData = files.map((f) => ({ path: f.path, data: new Uint8Array(f.data) }));
  let session: Ort.InferenceSession | null = null;
  let skipped: WebGpuSkip | null = null;
  let adapterName: string | null = null;
  const started = performance.now();
  setSession(null);
  if (forceWasm) skipped = { reason: "forced-wasm", detail: "WASM was forced." };
  else if (!scope.navigator.gpu)
    skipped = { reason: "no-webgpu", detail: "This browser has no WebGPU (navigator.gpu is missing)." };
  else {
    const adapter = await scope.navigator.gpu.requestAdapter().catch(() => null);
    if (!adapter)
      skipped = {
        reason: "no-adapter",
        detail: "WebGPU is present but the browser offers no adapter (no usable GPU, or WebGPU is switched off).",
      };
    else if (needsF16 && !adapter.features.has("shader-f16"))
      skipped = {
        reason: "feature-missing",
        detail: "The WebGPU adapter lacks shader-f16, which this float16 model needs.",
      };
    else {
      adapterName =
        [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(" ") ||
        "unnamed adapter";
      try {
        session = await create(o, model, externalData, "webgpu");
      } catch (e) {
        skipped = {
          reason: "session-failed",
          detail: `WebGPU could not run this model (an operator or type it does not support?): ${e instanceof Error ? e.message : String(e)}`,
        };
      }
    }
  }
  const backend = session ? "webgpu" : "wasm";
  session ??= await create(o, model, externalData, "wasm");
  setSession(session);
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
