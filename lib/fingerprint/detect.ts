import { markAmplitude, markSign, markStream } from "./pattern";

/**
 * Elements [start, start + original.length) of a tensor, in the original and in the suspect's
 * tensor of the same name and shape, both in fp32.
 */
export type TensorPair = {
  name: string;
  shape: number[];
  start: number;
  original: Float32Array;
  suspect: Float32Array;
};

/** A family-wise false-attribution probability below this names a grant. */
export const ATTRIBUTION_P_LIMIT = 1e-6;

/** erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
const erfc = (x: number) => {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
};

/** P(Z > z) for a standard normal Z. */
export const upperTail = (z: number) => 0.5 * erfc(z / Math.SQRT2);

/**
 * The correlation of (suspect − original) with one grant's mark, normalised: Σ wᵢdᵢ / √Σ dᵢ² over
 * the positions the grant's key marks, with dᵢ in units of each tensor's mark amplitude. If the
 * suspect does not carry this grant's mark, the signs wᵢ are independent of d, so the score has mean
 * 0 and variance 1 whatever d is (re-rounding, quantisation, another grant's mark): a z-score.
 */
export const scoreGrant = (key: Uint8Array, grantId: string, pairs: TensorPair[]) => {
  let dot = 0;
  let energy = 0;
  let marked = 0;
  for (const { name, shape, start, original, suspect } of pairs) {
    const amplitude = markAmplitude(original, shape);
    if (!amplitude || original.length !== suspect.length) continue;
    const stream = markStream(key, grantId, name, original.length, start);
    for (let i = 0; i < original.length; i++) {
      const w = markSign(stream[i] as number);
      if (!w) continue;
      const d = ((suspect[i] as number) - (original[i] as number)) / amplitude;
      if (!Number.isFinite(d)) continue;
      dot += w * d;
      energy += d * d;
      marked++;
    }
  }
  const z = energy > 0 ? dot / Math.sqrt(energy) : 0;
  return { grantId, z, marked };
};

export type GrantScore = ReturnType<typeof scoreGrant> & { p: number; pFamily: number };

/**
 * Every candidate grant's score, best first, with the probability that an unmarked file scores as
 * high (p) and that any of the `grantIds.length` grants searched would (Bonferroni: p × count).
 */
export const scoreGrants = (key: Uint8Array, grantIds: string[], pairs: TensorPair[]): GrantScore[] =>
  grantIds
    .map((id) => {
      const s = scoreGrant(key, id, pairs);
      const p = upperTail(s.z);
      return { ...s, p, pFamily: Math.min(1, p * grantIds.length) };
    })
    .sort((a, b) => b.z - a.z);
