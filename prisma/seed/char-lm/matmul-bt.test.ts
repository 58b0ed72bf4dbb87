import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createPrng } from "./create-prng";
import { matmulBt } from "./matmul-bt";
import { MATMUL_BT_WASM_BASE64 } from "./matmul-bt-wasm";
import { transpose } from "./transpose";

const random = (size: number, seed: number): Float32Array => {
  const prng = createPrng(seed);
  return Float32Array.from({ length: size }, () => prng.nextGaussian());
};

const hasWat2wasm = (() => {
  try {
    execFileSync("wat2wasm", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("matmulBt", () => {
  // Sizes that fill the kernel's 4x2 blocks and 4-wide lanes exactly, need padding in one
  // or all dimensions, or are smaller than a block. The last one grows the wasm memory.
  it.each([
    [4, 2, 4],
    [8, 6, 16],
    [5, 3, 7],
    [7, 49, 13],
    [1, 1, 1],
    [3, 1, 5],
    [300, 161, 130],
  ])("matches the naive product for m=%i n=%i k=%i", (m, n, k) => {
    const a = random(m * k, m);
    const b = random(n * k, n + 100);
    const out = new Float32Array(m * n).fill(Number.NaN);
    matmulBt(a, b, m, n, k, out);
    let maxError = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let expected = 0;
        for (let p = 0; p < k; p++) expected += a[i * k + p]! * b[j * k + p]!;
        // The kernel accumulates in float32, so allow float32 rounding over k terms.
        maxError = Math.max(maxError, Math.abs(out[i * n + j]! - expected) / Math.sqrt(k));
      }
    }
    expect(maxError).toBeLessThan(1e-5);
  });

  it("ignores stale data left in the kernel's memory by a larger call", () => {
    const big = random(64 * 64, 1);
    matmulBt(big, big, 64, 64, 64, new Float32Array(64 * 64));
    const out = new Float32Array(3);
    // 1x3 times 3x3: padding rows and lanes must be zero, not leftovers.
    matmulBt(Float32Array.from([1, 2, 3]), Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), 1, 3, 3, out);
    expect(Array.from(out)).toEqual([1, 2, 3]);
  });

  it("is deterministic", () => {
    const a = random(33 * 77, 3);
    const b = random(19 * 77, 4);
    const first = new Float32Array(33 * 19);
    const second = new Float32Array(33 * 19);
    matmulBt(a, b, 33, 19, 77, first);
    matmulBt(a, b, 33, 19, 77, second);
    expect(Buffer.from(first.buffer).equals(Buffer.from(second.buffer))).toBe(true);
  });

  it("rejects operands smaller than the stated shape", () => {
    expect(() => matmulBt(new Float32Array(3), new Float32Array(4), 2, 2, 2, new Float32Array(4))).toThrow(RangeError);
  });

  // Only where wabt is installed (e.g. `apt-get install wabt`). It catches a .wat edit
  // that was not followed by regenerating matmul-bt-wasm.ts.
  it.skipIf(!hasWat2wasm)("embedded wasm matches matmul-bt.wat", () => {
    const wat = fileURLToPath(new URL("./matmul-bt.wat", import.meta.url));
    const assembled = execFileSync("wat2wasm", [wat, "--output=-"]);
    expect(assembled.toString("base64")).toBe(MATMUL_BT_WASM_BASE64);
  });
});

describe("transpose", () => {
  it("swaps rows and columns", () => {
    const out = new Float32Array(6);
    transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3, out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
