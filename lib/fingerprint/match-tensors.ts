import type { TensorPair } from "./detect";
import type { WeightTensor } from "./weight-file";

/**
 * Pairs a suspect file's tensors with the original's by name and shape, so the order in the file,
 * inline versus external data and the stored float width do not matter.
 */
export const matchTensors = (original: WeightTensor[], suspect: WeightTensor[]): TensorPair[] => {
  const byName = new Map(suspect.map((t) => [t.name, t]));
  const pairs: TensorPair[] = [];
  for (const o of original) {
    const s = byName.get(o.name);
    if (!s || s.shape.length !== o.shape.length || s.shape.some((d, i) => d !== o.shape[i])) continue;
    pairs.push({ name: o.name, shape: o.shape, original: o.values, suspect: s.values });
  }
  return pairs;
};
