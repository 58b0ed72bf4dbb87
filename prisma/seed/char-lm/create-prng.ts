export type Prng = {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [0, n). */
  nextInt: (n: number) => number;
  /** Standard normal sample. */
  nextGaussian: () => number;
};

/**
 * mulberry32. Math.random cannot be seeded, and the seed script must produce a
 * byte-identical model each run. Integer-only state updates give the same sequence on
 * every platform.
 */
export const createPrng = (seed: number): Prng => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box-Muller. It throws away the second sample, so the stream depends only on call count.
  const nextGaussian = (): number => {
    const u = 1 - next(); // (0, 1], so log() stays finite
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, nextInt: (n) => Math.floor(next() * n), nextGaussian };
};
