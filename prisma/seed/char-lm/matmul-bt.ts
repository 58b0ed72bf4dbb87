export type Matrix = Float32Array | Float64Array;

/**
 * out[m, n] = a[m, k] . b[n, k]^T, all row-major. Both operands are read along k in
 * contiguous memory. The kernel computes a 4x2 block of outputs at once, which keeps
 * 8 sums in registers and loads each value once per block instead of once per
 * multiply. On V8 that runs about 4x faster than the naive triple loop, and it is
 * what keeps the seed-time training inside its time budget.
 */
export const matmulBt = (a: Matrix, b: Matrix, m: number, n: number, k: number, out: Matrix): void => {
  if (a.length < m * k || b.length < n * k || out.length < m * n) throw new RangeError("matmulBt: operand too small");
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n2; j += 2) {
      const b0 = j * k, b1 = b0 + k;
      let s00 = 0, s10 = 0, s20 = 0, s30 = 0, s01 = 0, s11 = 0, s21 = 0, s31 = 0;
      for (let p = 0; p < k; p++) {
        const w0 = b[b0 + p]!, w1 = b[b1 + p]!;
        const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
        s00 += x0 * w0; s10 += x1 * w0; s20 += x2 * w0; s30 += x3 * w0;
        s01 += x0 * w1; s11 += x1 * w1; s21 += x2 * w1; s31 += x3 * w1;
      }
      const o = i * n + j;
      out[o] = s00; out[o + 1] = s01;
      out[o + n] = s10; out[o + n + 1] = s11;
      out[o + 2 * n] = s20; out[o + 2 * n + 1] = s21;
      out[o + 3 * n] = s30; out[o + 3 * n + 1] = s31;
    }
  }
  // Edges: the rows and columns that do not fill a whole block, done one output at a time.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n2 : 0; j < n; j++) {
      let s = 0;
      for (let p = 0, ai = i * k, bj = j * k; p < k; p++) s += a[ai + p]! * b[bj + p]!;
      out[i * n + j] = s;
    }
  }
};

