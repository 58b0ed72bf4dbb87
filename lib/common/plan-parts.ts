// No server imports: the browser and the CLI plan the same parts as the server.
const MIB = 1024 * 1024;
/** S3's floor for every part but the last is 5 MiB; 8 MiB parts keep requests few and retries cheap. */
export const MIN_PART_SIZE = 8 * MIB;
/** S3 allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;

/** Part size (whole MiB, at least 8 MiB, large enough to stay within 10,000 parts) and count for a file. */
export const planParts = (size: number) => {
  const partSize = Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MIB) * MIB);
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
};

/** The byte length of part `n` (1-based): every part is partSize but the last, which holds the rest. */
export const partLength = (size: number, partSize: number, n: number) => Math.min(partSize, size - (n - 1) * partSize);
