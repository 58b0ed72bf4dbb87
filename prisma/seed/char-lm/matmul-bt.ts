import { MATMUL_BT_WASM_BASE64 } from "./matmul-bt-wasm";

type Kernel = {
  memory: WebAssembly.Memory;
  matmulBt: (a: number, b: number, out: number, m: number, n: number, k: number) => void;
};

let kernel: Kernel | undefined;

// Compiled synchronously on first use. The module is under 1 KB, and training calls this
// thousands of times from synchronous code.
const getKernel = (): Kernel => {
  if (kernel) return kernel;
  const bytes = Uint8Array.from(atob(MATMUL_BT_WASM_BASE64), (c) => c.charCodeAt(0));
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  kernel = exports as unknown as Kernel;
  return kernel;
};

const roundUp = (x: number, multiple: number): number => Math.ceil(x / multiple) * multiple;

/** Copies `rows` rows of width `cols` into `dst`, padding each row to `padCols` and the block to `padRows` with zeros. */
const copyPadded = (
  src: Float32Array,
  rows: number,
  cols: number,
  dst: Float32Array,
  padRows: number,
  padCols: number,
): void => {
  if (cols === padCols) {
    dst.set(src.subarray(0, rows * cols));
  } else {
    for (let r = 0; r < rows; r++) {
      dst.set(src.subarray(r * cols, (r + 1) * cols), r * padCols);
      dst.fill(0, r * padCols + cols, (r + 1) * padCols);
    }
  }
  dst.fill(0, rows * padCols, padRows * padCols);
};

/**
 * out[m, n] = a[m, k] . b[n, k]^T, all row-major float32.
 *
 * This is the only hot loop in training. It runs as a WebAssembly SIMD kernel
 * (matmul-bt.wat: f32x4 lanes and a 4x2 output block held in registers), which is
 * about 10x faster than the best plain-JS loop. That is what lets the seed train a
 * useful model within its time budget. Operands are copied into the module's memory
 * and zero-padded to the block sizes. Zero padding adds exact zeros, so it does not
 * change any sum. The lanes are summed in a fixed order, so results are bit-identical
 * on every run and machine.
 */
export const matmulBt = (
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  out: Float32Array,
): void => {
  if (a.length < m * k || b.length < n * k || out.length < m * n) throw new RangeError("matmulBt: operand too small");
  if (m === 0 || n === 0) return;
  if (k === 0) {
    out.fill(0, 0, m * n);
    return;
  }
  const mp = roundUp(m, 4);
  const np = roundUp(n, 2);
  const kp = roundUp(k, 4);
  const { memory, matmulBt: run } = getKernel();
  const floats = mp * kp + np * kp + mp * np;
  const missing = floats * 4 - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  // Take the view after a possible grow: growing detaches the old ArrayBuffer.
  const heap = new Float32Array(memory.buffer);
  const aAt = 0;
  const bAt = mp * kp;
  const outAt = bAt + np * kp;
  copyPadded(a, m, k, heap.subarray(aAt, bAt), mp, kp);
  copyPadded(b, n, k, heap.subarray(bAt, outAt), np, kp);
  run(aAt * 4, bAt * 4, outAt * 4, mp, np, kp);
  if (np === n) {
    out.set(heap.subarray(outAt, outAt + m * n));
  } else {
    for (let r = 0; r < m; r++) out.set(heap.subarray(outAt + r * np, outAt + r * np + n), r * n);
  }
};
