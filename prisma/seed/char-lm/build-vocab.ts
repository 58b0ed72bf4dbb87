import { normalizeText } from "./normalize-text";

/** Characters the model may emit. Everything else in the corpus or a prompt becomes `fallback`. */
export const ALLOWED_CHARS = "\n !\"'(),-.0123456789:;?abcdefghijklmnopqrstuvwxyz";

/** Newline pads short prompts: every training document starts after `contextLength` of them. */
export const PAD_CHAR = "\n";

/** Space stands in for unknown symbols: they usually sit between words, as a space does. */
export const FALLBACK_CHAR = " ";

export type Vocab = {
  /** Index = token id. Sorted by code point, so the ids do not depend on file order. */
  chars: string[];
  padId: number;
  fallbackId: number;
};

/**
 * Keeps only the allowed characters that occur in the corpus, so the softmax has no
 * classes that were never trained. Pad and fallback are always present.
 */
export const buildVocab = (texts: readonly string[]): Vocab => {
  const seen = new Set<string>([PAD_CHAR, FALLBACK_CHAR]);
  for (const text of texts) {
    for (const ch of normalizeText(text)) if (ALLOWED_CHARS.includes(ch)) seen.add(ch);
  }
  const chars = [...seen].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
  return {
    chars,
    padId: chars.indexOf(PAD_CHAR),
    fallbackId: chars.indexOf(FALLBACK_CHAR),
  };
};
