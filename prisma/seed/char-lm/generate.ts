import type { Vocab } from "./build-vocab";
import { charMlpForward } from "./char-mlp-forward";
import type { CharMlp } from "./create-char-mlp";
import { createPrng } from "./create-prng";
import { encodeText } from "./encode-text";

/** Next-character logits for one context of `contextLength` ids, e.g. backed by ONNX Runtime. */
export type NextLogits = (context: Int32Array) => ArrayLike<number> | Promise<ArrayLike<number>>;

export type GenerateStrategy = { kind: "greedy" } | { kind: "top-k"; k: number; temperature: number; seed: number };

export type GenerateOptions = {
  /** The TS model, or any other function with the same contract (the ONNX session in tests). */
  source: CharMlp | NextLogits;
  vocab: Vocab;
  contextLength: number;
  prompt: string;
  length: number;
  strategy: GenerateStrategy;
};

const argmax = (logits: ArrayLike<number>): number => {
  let best = 0;
  // Strict > so ties go to the lowest id, the same rule in every backend.
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
};

const sampleTopK = (logits: ArrayLike<number>, k: number, temperature: number, u: number): number => {
  const ranked = Array.from(logits, (logit, id) => ({ logit, id }))
    .sort((a, b) => b.logit - a.logit || a.id - b.id)
    .slice(0, Math.max(1, k));
  const top = ranked[0]!.logit;
  const weights = ranked.map(({ logit }) => Math.exp((logit - top) / temperature));
  let r = u * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < ranked.length; i++) {
    r -= weights[i]!;
    if (r < 0) return ranked[i]!.id;
  }
  return ranked[ranked.length - 1]!.id;
};

/**
 * Generates text one character at a time, the way the browser demo will, but in plain
 * TS. Tests use it to check that the ONNX graph and the TS forward pass agree token by
 * token. Returns only the continuation, without the prompt.
 */
export const generate = async (options: GenerateOptions): Promise<string> => {
  const { source, vocab, contextLength: n, strategy } = options;
  const next: NextLogits = typeof source === "function" ? source : (ctx) => charMlpForward(source, ctx, 1).logits;
  const prng = strategy.kind === "top-k" ? createPrng(strategy.seed) : null;
  // Left-pad with the pad id, as training did at the start of every document.
  const history = [...new Array<number>(n).fill(vocab.padId), ...encodeText(vocab, options.prompt)];
  let out = "";
  for (let step = 0; step < options.length; step++) {
    const logits = await next(Int32Array.from(history.slice(-n)));
    const id =
      strategy.kind === "greedy" || prng === null
        ? argmax(logits)
        : sampleTopK(logits, strategy.k, strategy.temperature, prng.next());
    history.push(id);
    out += vocab.chars[id]!;
  }
  return out;
};
