import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyOrt, ORT_FILES } from "@/infra/build/copy-ort.mjs";
import { ORT_BASE_PATH, ORT_VERSION, wasmThreads } from "./ort-assets";

describe("onnxruntime-web assets", () => {
  it("the worker's versioned path matches the installed onnxruntime-web, and the build copies every file there", () => {
    const pkg = JSON.parse(readFileSync(path.resolve("node_modules/onnxruntime-web/package.json"), "utf8")) as {
      version: string;
    };
    expect(ORT_VERSION).toBe(pkg.version);
    const target = copyOrt();
    expect(path.relative(path.resolve("public"), target)).toBe(ORT_BASE_PATH.slice(1, -1));
    for (const f of ORT_FILES) expect(existsSync(path.join(target, f)), f).toBe(true);
  });

  it.each([
    [true, 2, 1],
    [true, 4, 2],
    [true, 6, 3],
    [true, 16, 4],
    [true, undefined, 1],
    [false, 16, 1],
  ])("WASM threads, cross-origin isolated %s on %s cores: %i", (isolated, cores, threads) => {
    expect(wasmThreads(isolated, cores)).toBe(threads);
  });
});
