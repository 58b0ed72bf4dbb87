/**
 * Where the browser finds onnxruntime-web: copied from node_modules into public/ort/<version>/ by
 * infra/build/copy-ort.mjs. The version is in the path so the files can be cached forever; a test
 * checks it against the installed package, so an upgrade cannot point the worker at stale files.
 */
export const ORT_VERSION = "1.30.0";
export const ORT_BASE_PATH = `/ort/${ORT_VERSION}/`;
/** The build with the WebGPU execution provider (and WASM): 26.8 MB of WASM to compile. */
export const ORT_WEBGPU_MODULE_PATH = `${ORT_BASE_PATH}ort.webgpu.min.mjs`;
/** The WASM-only build: 14.2 MB, for when WebGPU cannot or must not run. */
export const ORT_WASM_MODULE_PATH = `${ORT_BASE_PATH}ort.wasm.min.mjs`;

/**
 * A 68-byte ONNX graph (one Identity on a float[1]): creating a session from it makes ORT compile
 * and start its WASM (and open the WebGPU device) before the user's model has arrived.
 */
export const WARM_UP_MODEL_BASE64 =
  "CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0=";

/**
 * WASM threads for inference: ORT's own default (half the cores, at most 4), and one when the page
 * is not cross-origin isolated (no SharedArrayBuffer). In a worker, threads wait on each other with
 * Atomics.wait; with every core busy that wake-up costs more than a small model's run
 * (bench:playground measured 2 threads on 2 cores at about 2x one thread's per-run latency).
 */
export const wasmThreads = (crossOriginIsolated: boolean, cores: number | undefined) =>
  crossOriginIsolated ? Math.min(4, Math.max(1, Math.ceil((cores ?? 1) / 2))) : 1;
