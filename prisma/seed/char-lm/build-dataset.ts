export type Dataset = {
  /** All documents concatenated, each preceded by `contextLength` pad tokens. */
  tokens: Int32Array;
  /** Indices into `tokens` of every real character. The model predicts these. */
  targets: Int32Array;
  contextLength: number;
};

/**
 * Left-pads every document with the pad token. The first characters of a text are then
 * learnt from an all-pad context, as a short prompt is padded at inference, and no
 * context spans two unrelated documents.
 */
export const buildDataset = (
  documents: readonly (readonly number[])[],
  contextLength: number,
  padId: number,
): Dataset => {
  const total = documents.reduce((sum, doc) => sum + contextLength + doc.length, 0);
  const tokens = new Int32Array(total);
  const targets = new Int32Array(total - documents.length * contextLength);
  let at = 0;
  let t = 0;
  for (const doc of documents) {
    tokens.fill(padId, at, at + contextLength);
    at += contextLength;
    for (const id of doc) {
      targets[t++] = at;
      tokens[at++] = id;
    }
  }
  return { tokens, targets, contextLength };
};

/** Writes the N ids before `target` into `out` at `offset`, the model's input row. */
export const copyContext = (dataset: Dataset, target: number, out: Int32Array, offset: number): void => {
  out.set(dataset.tokens.subarray(target - dataset.contextLength, target), offset);
};
