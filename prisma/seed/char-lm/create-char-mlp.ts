import type { Prng } from "./create-prng";

export type CharMlpConfig = {
  vocabSize: number;
  /** Number of previous characters the model sees (N). */
  contextLength: number;
  /** Width of each character embedding (E). */
  embeddingDim: number;
  /** Width of the tanh hidden layer (H). */
  hiddenDim: number;
};

/**
 * Weights in row-major [in, out] layout. This is what ONNX MatMul expects for
 * `x @ W`, so the exporter can write the buffers without transposing them.
 * Gradients use the same type.
 */
export type CharMlpParams = {
  embedding: Float32Array; // [V, E]
  w1: Float32Array; // [N*E, H]
  b1: Float32Array; // [H]
  w2: Float32Array; // [H, V]
  b2: Float32Array; // [V]
};

export type CharMlp = CharMlpConfig & CharMlpParams;

const randomMatrix = (prng: Prng, size: number, scale: number): Float32Array => {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = prng.nextGaussian() * scale;
  return out;
};

export const createCharMlp = (config: CharMlpConfig, prng: Prng): CharMlp => {
  const { vocabSize: v, contextLength: n, embeddingDim: e, hiddenDim: h } = config;
  const fanIn = n * e;
  return {
    ...config,
    embedding: randomMatrix(prng, v * e, 1),
    // Kaiming-style gain for tanh (5/3), scaled down so most units start in the linear
    // range instead of saturating.
    w1: randomMatrix(prng, fanIn * h, (5 / 3 / Math.sqrt(fanIn)) * 0.5),
    b1: new Float32Array(h),
    // Small output weights make the first predictions almost uniform, so the loss
    // starts near ln(V) and early steps do not blow up.
    w2: randomMatrix(prng, h * v, 0.01),
    b2: new Float32Array(v),
  };
};
