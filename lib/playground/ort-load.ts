// Session creation: WebGPU first, then WASM, one provider at a time so the page knows which one runs
// and why WebGPU did not (a list of providers falls back silently).
import type * as Ort from "onnxruntime-web/webgpu";
import { post, prepare, scope, setSession } from "./ort-runtime";
import type { WebGpuSkip, WorkerRequest } from "./worker-protocol";

type ExternalData = { path: string; data: Uint8Array }[];

/** A session on one provider; the external weights are handed over by name (onnxruntime-web's `externalData` option). */
const create = (o: typeof Ort, model: Uint8Array, externalData: ExternalData, provider: "webgpu" | "wasm") =>
  o.InferenceSession.create(model, {
    executionProviders: [provider],
    ...(externalData.length ? { externalData } : {}),
  });

const adapterLabel = (a: { info?: { vendor?: string; architecture?: string; description?: string } }) =>
  [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(" ") || "unnamed adapter";

export const load = async ({
  bytes,
  externalData: files = [],
  forceWasm,
  needsF16,
}: Extract<WorkerRequest, { type: "load" }>) => {
  const started = performance.now();
  await setSession(null);
  // Usually done already: the page prepared this worker while the user read it.
  const p = await prepare(forceWasm);
  const runtimeWaitMs = performance.now() - started;
  const o = p.ort;
  const model = new Uint8Array(bytes);
  const externalData = files.map((f) => ({ path: f.path, data: new Uint8Array(f.data) }));
  let session: Ort.InferenceSession | null = null;
  let skipped: WebGpuSkip | null = forceWasm ? { reason: "forced-wasm", detail: "WASM was forced." } : p.skipped;
  if (!skipped && needsF16 && !p.adapter?.features.has("shader-f16"))
    skipped = {
      reason: "feature-missing",
      detail: "The WebGPU adapter lacks shader-f16, which this float16 model needs.",
    };
  if (!skipped && p.build === "webgpu")
    try {
      session = await create(o, model, externalData, "webgpu");
    } catch (e) {
      skipped = {
        reason: "session-failed",
        detail: `WebGPU could not run this model (an operator or type it does not support?): ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  const backend = session ? "webgpu" : "wasm";
  // The same ORT module: a WebGPU build that fell back compiles nothing again.
  session ??= await create(o, model, externalData, "wasm");
  await setSession(session);
  post({
    type: "loaded",
    backend,
    build: p.build,
    skipped,
    adapter: backend === "webgpu" && p.adapter ? adapterLabel(p.adapter) : null,
    threads: o.env.wasm.numThreads ?? 1,
    crossOriginIsolated: Boolean(scope.crossOriginIsolated),
    sessionMs: performance.now() - started,
    runtimeWaitMs,
    prepare: p.steps,
  });
};
