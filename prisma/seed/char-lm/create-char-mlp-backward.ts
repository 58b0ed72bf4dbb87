import type { CharMlpActivations } from "./char-mlp-forward";
import type { CharMlp, CharMlpConfig, CharMlpParams } from "./create-char-mlp";
import { matmulBt } from "./matmul-bt";
import { transpose } from "./transpose";

/**
 * Gradients of the mean cross-entropy over a batch, written into `grads`.
 * Returns the summed (not mean) loss in nats.
 */
export type CharMlpBackward = (
  model: CharMlp,
  ids: Int32Array,
  labels: Int32Array,
  activations: CharMlpActivations,
  grads: CharMlpParams,
) => number;

/**
 * The backward pass is written out by hand because no autograd library is a dependency.
 * The factory allocates the scratch buffers once for a fixed batch size, since
 * training calls the pass thousands of times.
 */
export const createCharMlpBackward = (config: CharMlpConfig, batchSize: number): CharMlpBackward => {
  const { contextLength: n, embeddingDim: e, hiddenDim: h, vocabSize: v } = config;
  const bs = batchSize;
  const inWidth = n * e;
  const dLogits = new Float32Array(bs * v);
  const dLogitsT = new Float32Array(v * bs);
  const hiddenT = new Float32Array(h * bs);
  const dPre = new Float32Array(bs * h);
  const dPreT = new Float32Array(h * bs);
  const inputsT = new Float32Array(inWidth * bs);
  const dInputs = new Float32Array(bs * inWidth);

  return (model, ids, labels, { inputs, hidden, logits }, grads) => {
    grads.embedding.fill(0);
    grads.b1.fill(0);
    grads.b2.fill(0);

    // Softmax minus one-hot, divided by B: the gradient of the mean cross-entropy.
    let loss = 0;
    for (let b = 0; b < bs; b++) {
      const off = b * v;
      let max = -Infinity;
      for (let c = 0; c < v; c++) max = Math.max(max, logits[off + c]!);
      // Each exp is computed once and kept in dLogits: exp is one of the costliest
      // operations left once the matrix products run in SIMD.
      let z = 0;
      for (let c = 0; c < v; c++) z += dLogits[off + c] = Math.exp(logits[off + c]! - max);
      const y = labels[b]!;
      loss += Math.log(z) - (logits[off + y]! - max);
      for (let c = 0; c < v; c++) {
        const grad = (dLogits[off + c]! / z - (c === y ? 1 : 0)) / bs;
        dLogits[off + c] = grad;
        grads.b2[c]! += grad;
      }
    }

    // Each product is written as A . B^T (see matmulBt), which is why the transposes are here.
    // matmulBt overwrites its output, so w1 and w2 need no zeroing.
    transpose(hidden, bs, h, hiddenT);
    transpose(dLogits, bs, v, dLogitsT);
    matmulBt(hiddenT, dLogitsT, h, v, bs, grads.w2); // dW2 = hidden^T . dLogits
    matmulBt(dLogits, model.w2, bs, h, v, dPre); // dHidden = dLogits . W2^T
    for (let row = 0; row < dPre.length; row += h) {
      for (let j = 0; j < h; j++) {
        const hj = hidden[row + j]!;
        const grad = dPre[row + j]! * (1 - hj * hj); // tanh' = 1 - tanh^2
        dPre[row + j] = grad;
        grads.b1[j]! += grad;
      }
    }
    transpose(inputs, bs, inWidth, inputsT);
    transpose(dPre, bs, h, dPreT);
    matmulBt(inputsT, dPreT, inWidth, h, bs, grads.w1); // dW1 = inputs^T . dPre
    matmulBt(dPre, model.w1, bs, inWidth, h, dInputs); // dInputs = dPre . W1^T

    // Undo the Gather: each E-wide slice of dInputs belongs to the token in that context slot.
    for (let r = 0; r < bs * n; r++) {
      const row = ids[r]! * e;
      for (let d = 0; d < e; d++) grads.embedding[row + d]! += dInputs[r * e + d]!;
    }
    return loss;
  };
};
