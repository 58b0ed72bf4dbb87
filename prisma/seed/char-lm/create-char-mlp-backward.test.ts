import { describe, expect, it } from "vitest";
import { charMlpForward } from "./char-mlp-forward";
import { createCharMlp, type CharMlp, type CharMlpParams } from "./create-char-mlp";
import { createCharMlpBackward } from "./create-char-mlp-backward";
import { createPrng } from "./create-prng";

const config = { vocabSize: 7, contextLength: 3, embeddingDim: 2, hiddenDim: 5 };
const batch = 6;

/** Mean cross-entropy from the forward pass alone, written independently of the backward pass. */
const meanLoss = (model: CharMlp, ids: Int32Array, labels: Int32Array): number => {
  const { logits } = charMlpForward(model, ids, batch);
  const v = config.vocabSize;
  let sum = 0;
  for (let b = 0; b < batch; b++) {
    const row = Array.from(logits.subarray(b * v, (b + 1) * v));
    const max = Math.max(...row);
    const logZ = max + Math.log(row.reduce((acc, x) => acc + Math.exp(x - max), 0));
    sum += logZ - row[labels[b]!]!;
  }
  return sum / batch;
};

describe("createCharMlpBackward", () => {
  it("matches central finite differences for every parameter", () => {
    const prng = createPrng(7);
    const model = createCharMlp(config, prng);
    // Output weights start near zero. Make them larger so every gradient path is non-trivial.
    model.w2.forEach((_, i) => (model.w2[i] = prng.nextGaussian()));
    model.b1.forEach((_, i) => (model.b1[i] = prng.nextGaussian() * 0.1));
    // Token 0 appears twice in one context, so the embedding gradient must accumulate across slots.
    const ids = Int32Array.from([0, 0, 1, 2, 3, 4, 5, 6, 0, 1, 1, 1, 6, 5, 4, 3, 2, 1]);
    const labels = Int32Array.from([1, 2, 0, 6, 3, 3]);
    const grads: CharMlpParams = {
      embedding: new Float32Array(model.embedding.length),
      w1: new Float32Array(model.w1.length),
      b1: new Float32Array(model.b1.length),
      w2: new Float32Array(model.w2.length),
      b2: new Float32Array(model.b2.length),
    };
    const backward = createCharMlpBackward(config, batch);
    const lossSum = backward(model, ids, labels, charMlpForward(model, ids, batch), grads);
    expect(lossSum / batch).toBeCloseTo(meanLoss(model, ids, labels), 5);

    const eps = 1e-2;
    let checked = 0;
    for (const key of ["embedding", "w1", "b1", "w2", "b2"] as const) {
      const param = model[key];
      for (let i = 0; i < param.length; i++) {
        const original = param[i]!;
        param[i] = original + eps;
        const up = meanLoss(model, ids, labels);
        param[i] = original - eps;
        const down = meanLoss(model, ids, labels);
        param[i] = original;
        const numeric = (up - down) / (2 * eps);
        // float32 weights and activations limit the finite-difference precision.
        expect(Math.abs(grads[key][i]! - numeric), `${key}[${i}]`).toBeLessThan(2e-3 + 0.02 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(7 * 2 + 6 * 5 + 5 + 5 * 7 + 7);
  });
});
