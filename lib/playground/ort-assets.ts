/**
 * Where the browser finds onnxruntime-web: copied from node_modules into public/ort/<version>/ by
 * infra/build/copy-ort.mjs. The version is in the path so the files can be cached forever; a test
 * checks it against the installed package, so an upgrade cannot point the worker at stale files.
 */
export const ORT_VERSION = "1.30.0";
export const ORT_BASE_PATH = `/ort/${ORT_VERSION}/`;
export const ORT_MODULE_PATH = `${ORT_BASE_PATH}ort.webgpu.min.mjs`;

/**
 * WASM threads for inference: ORT's own default (half the cores, at most 4), and one when the page
 * is not cross-origin isolated (no SharedArrayBuffer). In a worker, threads wait on each other with
 * Atomics.wait; with every core busy that wake-up costs more than a small model's run
 * (bench:playground measured 2 threads on 2 cores at about 2x one thread's per-run latency).
 */
export const wasmThreads = (crossOriginIsolated: boolean, cores: number | undefined) =>
  crossOriginIsolated ? Math.min(4, Math.max(1, Math.ceil((cores ?? 1) / 2))) : 1;
