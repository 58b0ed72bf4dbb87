import type { Vocab } from "./build-vocab";
import { normalizeText } from "./normalize-text";

/** Text -> token ids, using the same normalisation as training. */
export const encodeText = (vocab: Vocab, text: string): number[] => {
  const index = new Map(vocab.chars.map((ch, id) => [ch, id] as const));
  // Iterate by code point so one astral character becomes one fallback, not two.
  return [...normalizeText(text)].map((ch) => index.get(ch) ?? vocab.fallbackId);
};
