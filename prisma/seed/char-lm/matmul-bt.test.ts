import { describe, expect, it } from "vitest";
import { createPrng } from "./create-prng";
import { matmulBt } from "./matmul-bt";
import { transpose } from "./transpose";

const random = (size: number, seed: number): Float32Array => {
  const prng = createPrng(seed);
  return Float32Array.from({ length: size }, () => prng.nextGaussian());
};

describe("matmulBt", () => {
  // Sizes that fill the 4x2 blocks exactly, leave edges in rows, columns or both, or are smaller than a block.
  it.each([
    [4, 2, 3],
    [8, 6, 16],
    [5, 3, 7],
    [7, 49, 13],
    [1, 1, 1],
    [3, 1, 5],
  ])("matches the naive product for m=%i n=%i k=%i", (m, n, k) => {
    const a = random(m * k, m);
    const b = random(n * k, n + 100);
    const out = new Float64Array(m * n).fill(Number.NaN);
    matmulBt(a, b, m, n, k, out);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let expected = 0;
        for (let p = 0; p < k; p++) expected += a[i * k + p]! * b[j * k + p]!;
        expect(out[i * n + j]).toBeCloseTo(expected, 10);
      }
    }
  });

  it("rejects operands smaller than the stated shape", () => {
    expect(() => matmulBt(new Float32Array(3), new Float32Array(4), 2, 2, 2, new Float32Array(4))).toThrow(RangeError);
  });
});

describe("transpose", () => {
  it("swaps rows and columns", () => {
    const out = new Float32Array(6);
    transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3, out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
