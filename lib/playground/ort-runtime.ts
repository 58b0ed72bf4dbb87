// What every part of the playground worker shares: the worker scope, ONNX Runtime (imported at run
// time from our own origin, public/ort/<version>/, copied from node_modules at build time, never
// bundled and never from a CDN) and the one session the page loaded.
import type * as Ort from "onnxruntime-web/webgpu";
import { ORT_BASE_PATH, ORT_MODULE_PATH, wasmThreads } from "./ort-assets";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

type GpuAdapter = {
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

let ort: typeof Ort | null = null;
let session: Ort.InferenceSession | null = null;

export const loadOrt = async () => {
  if (ort) return ort;
  // Ignored by the bundler: a URL on our origin, resolved by the browser.
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ ORT_MODULE_PATH)) as typeof Ort;
  mod.env.wasm.wasmPaths = ORT_BASE_PATH;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page; without it ORT would use one anyway.
  mod.env.wasm.numThreads = wasmThreads(scope.crossOriginIsolated === true, scope.navigator.hardwareConcurrency);
  // We already are the worker; ORT's own proxy worker would only add a hop.
  mod.env.wasm.proxy = false;
  ort = mod;
  return mod;
};

export const setSession = (s: Ort.InferenceSession | null) => void (session = s);

/** ORT and the loaded session, for a task; refuses when no model is loaded yet. */
export const ready = async () => {
  const o = await loadOrt();
  if (!session) throw new Error("Load the model first.");
  return { ort: o, session };
};
