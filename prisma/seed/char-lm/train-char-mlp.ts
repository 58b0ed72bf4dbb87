import { copyContext, type Dataset } from "./build-dataset";
import { charMlpForward } from "./char-mlp-forward";
import { createCharMlp, type CharMlp, type CharMlpConfig, type CharMlpParams } from "./create-char-mlp";
import { createCharMlpBackward } from "./create-char-mlp-backward";
import { createPrng } from "./create-prng";

export type TrainOptions = {
  steps: number;
  batchSize: number;
  /** Peak Adam step size. It decays linearly to 5% of this by the last step. */
  learningRate: number;
  seed: number;
};

export type TrainResult = {
  model: CharMlp;
  /** Mean batch loss over the last tenth of the steps. Progress logging only. */
  recentBatchLoss: number;
};

const PARAM_KEYS = ["embedding", "w1", "b1", "w2", "b2"] as const satisfies (keyof CharMlpParams)[];

const zerosLike = (params: CharMlpParams): CharMlpParams => ({
  embedding: new Float32Array(params.embedding.length),
  w1: new Float32Array(params.w1.length),
  b1: new Float32Array(params.b1.length),
  w2: new Float32Array(params.w2.length),
  b2: new Float32Array(params.b2.length),
});

/**
 * Mini-batch Adam on next-character cross-entropy. Batches are sampled with replacement
 * from every position in the corpus. Deterministic: all randomness comes from
 * `options.seed`, and the step count is fixed instead of time-based.
 */
export const trainCharMlp = (config: CharMlpConfig, dataset: Dataset, options: TrainOptions): TrainResult => {
  const prng = createPrng(options.seed);
  const model = createCharMlp(config, prng);
  const { contextLength: n } = model;
  const bs = options.batchSize;
  const backward = createCharMlpBackward(config, bs);
  const grads = zerosLike(model);
  const moment1 = zerosLike(model);
  const moment2 = zerosLike(model);
  const ids = new Int32Array(bs * n);
  const labels = new Int32Array(bs);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const tailStart = Math.floor(options.steps * 0.9);
  let tailLoss = 0;

  for (let step = 0; step < options.steps; step++) {
    for (let b = 0; b < bs; b++) {
      const target = dataset.targets[prng.nextInt(dataset.targets.length)]!;
      copyContext(dataset, target, ids, b * n);
      labels[b] = dataset.tokens[target]!;
    }
    const loss = backward(model, ids, labels, charMlpForward(model, ids, bs), grads);
    if (step >= tailStart) tailLoss += loss / bs;

    // Linear decay: larger steps early, small steps at the end to settle into a minimum.
    const lr = options.learningRate * (1 - 0.95 * (step / options.steps));
    const c1 = 1 - beta1 ** (step + 1);
    const c2 = 1 - beta2 ** (step + 1);
    for (const key of PARAM_KEYS) {
      const param = model[key];
      const grad = grads[key];
      const m = moment1[key];
      const v = moment2[key];
      for (let i = 0; i < param.length; i++) {
        const g = grad[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        param[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
      }
    }
  }
  return { model, recentBatchLoss: tailLoss / (options.steps - tailStart) };
};
