// What every part of the playground worker shares: the worker scope, ONNX Runtime (imported at run
// time from our own origin, public/ort/<version>/, copied from node_modules at build time, never
// bundled and never from a CDN) and the one session the page loaded.
import type * as Ort from "onnxruntime-web/webgpu";
import {
  ORT_BASE_PATH,
  ORT_WASM_MODULE_PATH,
  ORT_WEBGPU_MODULE_PATH,
  WARM_UP_MODEL_BASE64,
  wasmThreads,
} from "./ort-assets";
import type { PrepareSteps, WebGpuSkip, WorkerRequest, WorkerResponse } from "./worker-protocol";

export type GpuAdapter = {
  features: { has: (f: string) => boolean };
  info?: { vendor?: string; architecture?: string; description?: string };
};
type Gpu = { requestAdapter: () => Promise<GpuAdapter | null> };

export const scope = globalThis as unknown as {
  navigator: { gpu?: Gpu; hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  postMessage: (m: WorkerResponse, transfer?: Transferable[]) => void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};
export const post = (m: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

export const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The ORT build this worker runs, and what it found out about WebGPU on the way. */
export type Prepared = {
  ort: typeof Ort;
  build: "webgpu" | "wasm";
  forceWasm: boolean;
  /** Why WebGPU will not be tried (null: it will be). */
  skipped: WebGpuSkip | null;
  adapter: GpuAdapter | null;
  /** How long each step of the preparation took (bench:playground shows it). */
  steps: PrepareSteps;
};

/** Why WebGPU cannot run here, or null with the adapter it would run on. */
const probeWebGpu = async (forceWasm: boolean): Promise<Pick<Prepared, "skipped" | "adapter">> => {
  if (forceWasm) return { skipped: { reason: "forced-wasm", detail: "WASM was forced." }, adapter: null };
  if (!scope.navigator.gpu)
    return {
      skipped: { reason: "no-webgpu", detail: "This browser has no WebGPU (navigator.gpu is missing)." },
      adapter: null,
    };
  const adapter = await scope.navigator.gpu.requestAdapter().catch(() => null);
  return adapter
    ? { skipped: null, adapter }
    : {
        skipped: {
          reason: "no-adapter",
          detail: "WebGPU is present but the browser offers no adapter (no usable GPU, or WebGPU is switched off).",
        },
        adapter: null,
      };
};

const warmUpModel = () => Uint8Array.from(atob(WARM_UP_MODEL_BASE64), (c) => c.charCodeAt(0));

const prepareOnce = async (forceWasm: boolean): Promise<Prepared> => {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const probe = await probeWebGpu(forceWasm);
  const probeMs = lap();
  // One build per worker, so a WebGPU session that fails falls back to WASM in the module already
  // compiled; the smaller WASM-only build when WebGPU is out from the start.
  const build = probe.skipped ? "wasm" : "webgpu";
  const path = build === "webgpu" ? ORT_WEBGPU_MODULE_PATH : ORT_WASM_MODULE_PATH;
  // Ignored by the bundler: a URL on our origin, resolved by the browser.
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ path)) as typeof Ort;
  mod.env.wasm.wasmPaths = ORT_BASE_PATH;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page; without it ORT would use one anyway.
  mod.env.wasm.numThreads = wasmThreads(scope.crossOriginIsolated === true, scope.navigator.hardwareConcurrency);
  // We already are the worker; ORT's own proxy worker would only add a hop.
  mod.env.wasm.proxy = false;
  const importMs = lap();
  // ORT compiles its WASM (streaming, from a URL served immutable, so the browser's code cache may serve
  // later visits) on its first session: make it now, while the page waits for the click and the weights.
  // A WASM session first, then (WebGPU build) a WebGPU one, which starts that backend: timed apart.
  const warmUp = async (provider: "wasm" | "webgpu") => {
    const warm = await mod.InferenceSession.create(warmUpModel(), { executionProviders: [provider] }).catch(() => null);
    await warm?.release();
  };
  await warmUp("wasm");
  const startMs = lap();
  // A failure here shows again, with its reason, when the model's own WebGPU session is tried.
  if (build === "webgpu") await warmUp("webgpu");
  return { ort: mod, build, forceWasm, ...probe, steps: { probeMs, importMs, startMs, gpuStartMs: lap() } };
};

let prepared: Promise<Prepared> | null = null;

/** ORT imported and started, once per worker (the page sends "prepare" as soon as it shows). */
export const prepare = (forceWasm: boolean) => (prepared ??= prepareOnce(forceWasm));

let session: Ort.InferenceSession | null = null;

/** Replaces the loaded session, releasing the previous one's memory. */
export const setSession = async (s: Ort.InferenceSession | null) => {
  const old = session;
  session = s;
  await old?.release().catch(() => undefined);
};

/** ORT and the loaded session, for a task; refuses when no model is loaded yet. */
export const ready = async () => {
  if (!prepared || !session) throw new Error("Load the model first.");
  return { ort: (await prepared).ort, session };
};
