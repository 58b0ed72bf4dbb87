import { createCipheriv, createHmac } from "node:crypto";

/** Share of a tensor's elements that carry the mark (of 128: 64 = one half). */
const SELECT_OF_128 = 64;
/** Mark magnitude as a fraction of the standard deviation of the marked elements. */
export const MARK_STRENGTH = 0.01;
/** Tensors (and marked ranges) smaller than this are left alone: too few elements to carry a signal. */
export const MIN_MARKED_ELEMENTS = 64;
/**
 * A convolution kernel whose output channels each read fewer weights than this is left alone
 * (depthwise convolutions, a first layer over 3 colour channels, 1×1 convolutions over a few
 * channels): an output fed by a handful of weights moves by a large share of itself when each of
 * them moves by 1% of the tensor's spread, and a deep stack of such layers (PP-OCR's MobileNetV3
 * classifier) compounds it. Matrices (rank 2) are marked whatever their layout: ONNX stores MatMul
 * weights [in, out], so their first dimension says nothing about fan-in.
 */
export const MIN_CONV_FAN_IN = 64;

/**
 * One byte per element of elements [start, start + count) of the tensor, pseudo-random, from the key,
 * the grant and the tensor's name: HMAC-SHA256 derives a per-tensor AES-256 key, and AES-CTR expands
 * it (gigabytes per second, where an HMAC per element would take minutes). The counter is seeked to
 * `start`, so element i's byte is the same whichever range it is read in: positions are per tensor
 * element, not per byte of the file.
 */
export const markStream = (key: Uint8Array, grantId: string, tensorName: string, count: number, start = 0) => {
  const seed = createHmac("sha256", key).update(`weights-fingerprint/v1\0${grantId}\0${tensorName}`).digest();
  const iv = Buffer.alloc(16);
  // The counter block of byte `start` (16 stream bytes per block), big-endian as AES-CTR counts.
  iv.writeBigUInt64BE(BigInt(Math.floor(start / 16)), 8);
  const skip = start % 16;
  const cipher = createCipheriv("aes-256-ctr", seed, iv);
  return new Uint8Array(cipher.update(Buffer.alloc(skip + count))).subarray(skip);
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
 * Whether a tensor of this shape carries a mark. Only matrices and higher-rank tensors: vectors are
 * biases and normalisation statistics (a batch norm's variances), where a shift of a fraction of the
 * vector's spread can be most of one channel's value. Convolution kernels need MIN_CONV_FAN_IN.
 */
export const isMarkable = (shape: readonly number[]) => {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count < MIN_MARKED_ELEMENTS || shape.filter((d) => d > 1).length < 2) return false;
  return shape.length < 3 || count / (shape[0] as number) >= MIN_CONV_FAN_IN;
};

/**
 * The mark's amplitude for the marked elements `values` of a tensor of `shape`, or 0 when they are
 * not marked at all: MARK_STRENGTH × their standard deviation.
 */
export const markAmplitude = (values: Float32Array, shape: readonly number[]) => {
  if (!isMarkable(shape) || values.length < MIN_MARKED_ELEMENTS) return 0;
  const { std } = tensorStats(values);
  return Number.isFinite(std) ? MARK_STRENGTH * std : 0;
};

/**
 * The marked copy of elements [start, start + values.length) of one tensor: each selected element
 * moves by ±amplitude. Returns null when they are left as they are. The change per element is at
 * most `amplitude` (plus the rounding of the file's own float format).
 */
export const markTensor = (
  key: Uint8Array,
  grantId: string,
  t: { name: string; values: Float32Array; shape: readonly number[]; start?: number },
) => {
  const { name, values } = t;
  const amplitude = markAmplitude(values, t.shape);
  if (!amplitude) return null;
  const stream = markStream(key, grantId, name, values.length, t.start ?? 0);
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    const b = stream[i] as number;
    // markSign inlined: this loop runs once per weight.
    if ((b & 0x7f) < SELECT_OF_128) out[i] = (out[i] as number) + (b & 0x80 ? -amplitude : amplitude);
  }
  return { values: out, amplitude };
};
