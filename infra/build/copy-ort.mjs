// Copies the onnxruntime-web files the playground loads into public/ort/<version>/, so they are
// served from our own origin (never a CDN) under a path that changes with the version (cacheable
// forever). Plain JS so that next.config.js can run it: `next build`, `next start` and `next dev`
// all load the config, so every way of starting the app has the files. Also runnable alone:
// `node infra/build/copy-ort.mjs`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The two builds lib/playground/ort-runtime.ts imports at run time, each ES module with the
 * Emscripten glue + binary it loads: the WebGPU build (the asyncify pair, 26.8 MB of WASM) when
 * WebGPU may run, the plain WASM build (14.2 MB, compiles in about half the time) when it cannot.
 */
export const ORT_FILES = [
  "ort.webgpu.min.mjs",
  "ort-wasm-simd-threaded.asyncify.mjs",
  "ort-wasm-simd-threaded.asyncify.wasm",
  "ort.wasm.min.mjs",
  "ort-wasm-simd-threaded.mjs",
  "ort-wasm-simd-threaded.wasm",
];

/** Copies what is missing or changed; returns the target directory. */
export const copyOrt = () => {
  const pkgDir = path.join(root, "node_modules", "onnxruntime-web");
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  const target = path.join(root, "public", "ort", version);
  mkdirSync(target, { recursive: true });
  for (const file of ORT_FILES) {
    const from = path.join(pkgDir, "dist", file);
    const to = path.join(target, file);
    if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs)
      continue;
    copyFileSync(from, to);
  }
  return target;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  console.log(`onnxruntime-web copied to ${path.relative(root, copyOrt())}`);
