import { buildDataset } from "./build-dataset";
import { buildVocab } from "./build-vocab";
import type { CharMlp, CharMlpConfig } from "./create-char-mlp";
import { encodeText } from "./encode-text";
import { evaluateLoss } from "./evaluate-loss";
import { exportCharMlpOnnx } from "./export-char-mlp-onnx";
import { readCorpus } from "./read-corpus";
import { trainCharMlp, type TrainOptions } from "./train-char-mlp";

/**
 * Architecture. Training takes about 4-8 s on this project's 2-core machines, on one
 * thread. The range comes from how busy the host is.
 */
export const CHAR_MODEL_ARCHITECTURE = {
  contextLength: 8,
  embeddingDim: 16,
  hiddenDim: 160,
} as const satisfies Omit<CharMlpConfig, "vocabSize">;

/**
 * A fixed step count, not a time budget: the same corpus must give the same bytes on any
 * machine. Batches are large because the matrix products are cheap (SIMD, see
 * matmul-bt.ts), which leaves per-step costs such as the Adam update as a large
 * share of the time. Big batches spread those costs over more samples. Chosen by a
 * small sweep: losses were within 0.01 nats/char across batch 128-256 at equal time.
 */
export const CHAR_MODEL_TRAINING = {
  steps: 1200,
  batchSize: 256,
  learningRate: 0.015,
  seed: 0x5eed,
} as const satisfies TrainOptions;

export type CharModelBuild = {
  /** The serialized ONNX ModelProto. */
  onnx: Uint8Array;
  /** Index = token id. It is also stored as JSON in the `vocab` metadata prop. */
  vocab: string[];
  contextLength: number;
  /** Id to left-pad prompts shorter than `contextLength` with. */
  padId: number;
  /** Id that characters outside the vocabulary map to. */
  fallbackId: number;
  /** Mean cross-entropy (nats/char) of the final weights over the whole corpus. */
  trainLoss: number;
  /** ln(V): the loss of a uniform guess, for comparison. */
  baselineLoss: number;
  /** The trained weights. Tests compare ONNX Runtime's output against them. */
  model: CharMlp;
};

/**
 * Reads the bundled public-domain corpus, trains the character MLP and serializes it to
 * ONNX. The result is deterministic: the same corpus gives byte-identical output.
 */
export const buildCharModel = async (): Promise<CharModelBuild> => {
  const corpus = await readCorpus();
  const texts = corpus.map((doc) => doc.text);
  const vocab = buildVocab(texts);
  const { contextLength } = CHAR_MODEL_ARCHITECTURE;
  const dataset = buildDataset(
    texts.map((text) => encodeText(vocab, text)),
    contextLength,
    vocab.padId,
  );
  const config: CharMlpConfig = { ...CHAR_MODEL_ARCHITECTURE, vocabSize: vocab.chars.length };
  const { model } = trainCharMlp(config, dataset, CHAR_MODEL_TRAINING);
  const trainLoss = evaluateLoss(model, dataset);
  const baselineLoss = Math.log(vocab.chars.length);

  const onnx = exportCharMlpOnnx(model, {
    vocab: vocab.chars,
    padId: vocab.padId,
    fallbackId: vocab.fallbackId,
    description:
      `Tiny character-level English model (${contextLength}-char context MLP, vocab ${vocab.chars.length}), ` +
      `trained at seed time on ${corpus.length} public-domain texts; ` +
      `train loss ${trainLoss.toFixed(3)} nats/char vs uniform ${baselineLoss.toFixed(3)}. ` +
      "Lowercase only; a toy for demonstrating in-browser inference, not a useful language model.",
  });
  return {
    onnx,
    vocab: vocab.chars,
    contextLength,
    padId: vocab.padId,
    fallbackId: vocab.fallbackId,
    trainLoss,
    baselineLoss,
    model,
  };
};
