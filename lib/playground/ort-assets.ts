/**
 * Where the browser finds onnxruntime-web: copied from node_modules into public/ort/<version>/ by
 * infra/build/copy-ort.mjs. The version is in the path so the files can be cached forever; a test
 * checks it against the installed package, so an upgrade cannot point the worker at stale files.
 */
export const ORT_VERSION = "1.30.0";
export const ORT_BASE_PATH = `/ort/${ORT_VERSION}/`;
export const ORT_MODULE_PATH = `${ORT_BASE_PATH}ort.webgpu.min.mjs`;
