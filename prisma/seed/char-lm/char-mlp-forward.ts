import type { CharMlp } from "./create-char-mlp";
import { fastTanh } from "./fast-tanh";
import { matmulBt } from "./matmul-bt";
import { transpose } from "./transpose";

export type CharMlpActivations = {
  /** Concatenated context embeddings, [B, N*E]. The backward pass needs them. */
  inputs: Float32Array;
  /** tanh outputs, [B, H]. */
  hidden: Float32Array;
  /** Unnormalised next-character scores, [B, V]. */
  logits: Float32Array;
};

/**
 * Forward pass over a batch of contexts (`ids` has B*N token ids, row by row).
 * It matches the exported ONNX graph op for op: Gather, Reshape, MatMul, Add, Tanh,
 * MatMul, Add. Intermediates are float32, as in ONNX Runtime, so the two agree to
 * float32 rounding.
 */
export const charMlpForward = (model: CharMlp, ids: ArrayLike<number>, batchSize: number): CharMlpActivations => {
  const { contextLength: n, embeddingDim: e, hiddenDim: h, vocabSize: v } = model;
  const inWidth = n * e;
  if (ids.length < batchSize * n) throw new RangeError("charMlpForward: too few ids for batch");

  // Gather + Reshape: row b is the N embeddings of sample b, end to end.
  const inputs = new Float32Array(batchSize * inWidth);
  for (let r = 0; r < batchSize * n; r++) {
    const id = ids[r]!;
    if (!Number.isInteger(id) || id < 0 || id >= v) throw new RangeError(`token id ${id} outside vocab of ${v}`);
    // A plain loop, not subarray + set: a subarray per token allocates, and this runs for
    // every position of the corpus when the loss is evaluated.
    for (let d = 0, src = id * e, dst = r * e; d < e; d++) inputs[dst + d] = model.embedding[src + d]!;
  }

  // The weights are stored [in, out], as ONNX MatMul uses them. matmulBt wants [out, in].
  const w1t = new Float32Array(h * inWidth);
  transpose(model.w1, inWidth, h, w1t);
  const hidden = new Float32Array(batchSize * h);
  matmulBt(inputs, w1t, batchSize, h, inWidth, hidden);
  for (let row = 0; row < hidden.length; row += h) {
    for (let j = 0; j < h; j++) hidden[row + j] = fastTanh(hidden[row + j]! + model.b1[j]!);
  }

  const w2t = new Float32Array(v * h);
  transpose(model.w2, h, v, w2t);
  const logits = new Float32Array(batchSize * v);
  matmulBt(hidden, w2t, batchSize, v, h, logits);
  for (let row = 0; row < logits.length; row += v) {
    for (let c = 0; c < v; c++) logits[row + c] = logits[row + c]! + model.b2[c]!;
  }
  return { inputs, hidden, logits };
};
