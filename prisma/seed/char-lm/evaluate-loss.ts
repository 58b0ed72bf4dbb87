import { copyContext, type Dataset } from "./build-dataset";
import { charMlpForward } from "./char-mlp-forward";
import type { CharMlp } from "./create-char-mlp";

/**
 * Mean cross-entropy in nats per character over every target in the dataset. It uses
 * the final weights, so unlike a running average of batch losses it reports the model
 * that is actually exported.
 */
export const evaluateLoss = (model: CharMlp, dataset: Dataset, batchSize = 512): number => {
  const { targets, tokens } = dataset;
  const n = model.contextLength;
  const v = model.vocabSize;
  const ids = new Int32Array(batchSize * n);
  let sum = 0;
  for (let start = 0; start < targets.length; start += batchSize) {
    const count = Math.min(batchSize, targets.length - start);
    for (let b = 0; b < count; b++) copyContext(dataset, targets[start + b]!, ids, b * n);
    const { logits } = charMlpForward(model, ids.subarray(0, count * n), count);
    for (let b = 0; b < count; b++) {
      const row = logits.subarray(b * v, b * v + v);
      let max = -Infinity;
      for (let c = 0; c < v; c++) max = Math.max(max, row[c]!);
      let z = 0;
      for (let c = 0; c < v; c++) z += Math.exp(row[c]! - max);
      const y = tokens[targets[start + b]!]!;
      sum += Math.log(z) + max - row[y]!;
    }
  }
  return sum / targets.length;
};
