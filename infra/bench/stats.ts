// The benches' one definition of their statistics (simple-statistics), so every table reads alike.
import { mean, median as medianOf, min, quantileSorted } from "simple-statistics";

/** The p-th percentile (0–100) of already sorted samples; NaN when there are none. */
export const percentile = (sorted: number[], p: number) => (sorted.length ? quantileSorted(sorted, p / 100) : NaN);

/** The median (the mean of the two middle values for an even count); NaN when there are no samples. */
export const median = (samples: number[]) => (samples.length ? medianOf(samples) : NaN);

export type Summary = { n: number; median: number; mean: number; p95: number; min: number };

/** Median, mean, p95 and minimum; NaN when empty. */
export const summarize = (samples: number[]): Summary => {
  const n = samples.length;
  if (!n) return { n, median: NaN, mean: NaN, p95: NaN, min: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  return { n, median: medianOf(samples), mean: mean(samples), p95: percentile(sorted, 95), min: min(samples) };
};
