import type { Matrix } from "./matmul-bt";

/** out[c, r] = src[r, c]. Puts an operand in the layout matmulBt reads contiguously. */
export const transpose = (src: Matrix, rows: number, cols: number, out: Matrix): void => {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[base + c]!;
  }
};
