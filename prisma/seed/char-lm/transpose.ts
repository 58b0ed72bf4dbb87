/** out[c, r] = src[r, c]. Puts an operand in the layout matmulBt reads contiguously. */
export const transpose = (src: Float32Array, rows: number, cols: number, out: Float32Array): void => {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[base + c]!;
  }
};
