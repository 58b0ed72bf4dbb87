import { createCipheriv, createHmac } from "node:crypto";

/** Share of a tensor's elements that carry the mark (of 128: 64 = one half). */
const SELECT_OF_128 = 64;
/** Mark magnitude as a fraction of the tensor's standard deviation. */
export const MARK_STRENGTH = 0.01;
/** Tensors smaller than this are left alone: too few elements to carry a signal. */
export const MIN_MARKED_ELEMENTS = 64;

/**
 * One byte per element of the tensor, pseudo-random, from the key, the grant and the tensor's name:
 * HMAC-SHA256 derives a per-tensor AES-256 key, and AES-CTR expands it (gigabytes per second, where
 * an HMAC per element would take minutes). The same inputs always give the same bytes.
 */
export const markStream = (key: Uint8Array, grantId: string, tensorName: string, elements: number) => {
  const seed = createHmac("sha256", key).update(`weights-fingerprint/v1\0${grantId}\0${tensorName}`).digest();
  const cipher = createCipheriv("aes-256-ctr", seed, Buffer.alloc(16));
  return new Uint8Array(cipher.update(Buffer.alloc(elements)));
};

/** A stream byte's verdict: 0 (element not marked), +1 or -1 (the mark's sign). */
export const markSign = (byte: number) => ((byte & 0x7f) < SELECT_OF_128 ? (byte & 0x80 ? -1 : 1) : 0);

/** Mean and standard deviation (population) of the finite values, in one float64 pass. */
export const tensorStats = (values: Float32Array) => {
  let sum = 0;
  let sq = 0;
  let finite = 0;
  // Shifted by the first value: the one-pass formula then keeps its precision for offset data.
  const shift = Number.isFinite(values[0]) ? (values[0] as number) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] as number) - shift;
    if (Number.isFinite(v)) {
      sum += v;
      sq += v * v;
      finite++;
    }
  }
  if (!finite) return { mean: 0, std: 0 };
  const mean = sum / finite;
  return { mean: mean + shift, std: Math.sqrt(Math.max(0, sq / finite - mean * mean)) };
};

/**
 * The mark's amplitude for a tensor, or 0 when the tensor is not marked at all. Only matrices and
 * higher-rank tensors are marked: vectors are biases and normalisation statistics (a batch norm's
 * variances), where a shift of a fraction of the vector's spread can be most of one channel's value.
 */
export const markAmplitude = (values: Float32Array, shape: readonly number[]) => {
  if (values.length < MIN_MARKED_ELEMENTS || shape.filter((d) => d > 1).length < 2) return 0;
  const { std } = tensorStats(values);
  return Number.isFinite(std) ? MARK_STRENGTH * std : 0;
};

/**
 * The marked copy of one tensor: each selected element moves by ±amplitude. Returns null when the
 * tensor is left as it is. The change per element is at most `amplitude` (plus the rounding of the
 * file's own float format).
 */
export const markTensor = (
  key: Uint8Array,
  grantId: string,
  t: { name: string; values: Float32Array; shape: readonly number[] },
) => {
  const { name, values } = t;
  const amplitude = markAmplitude(values, t.shape);
  if (!amplitude) return null;
  const stream = markStream(key, grantId, name, values.length);
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    const b = stream[i] as number;
    // markSign inlined: this loop runs once per weight.
    if ((b & 0x7f) < SELECT_OF_128) out[i] = (out[i] as number) + (b & 0x80 ? -amplitude : amplitude);
  }
  return { values: out, amplitude };
};
