// Voice activity detection with Silero VAD v5: the model scores 512-sample chunks of 16 kHz mono
// audio (32 ms each) and carries a recurrent state from one chunk to the next; speech segments come
// from those per-chunk probabilities with the hysteresis of silero-vad's get_speech_timestamps.
// Pure functions: the worker runs them around ONNX Runtime, the page re-runs `speechSegments` when
// the user moves a threshold (no new inference needed).
import type { TOnnxInspection } from "@/lib/schemas/inspection";

export const VAD_SAMPLE_RATE = 16_000;
export const VAD_CHUNK = 512;
/** The tail of the previous chunk prepended to each one (silero-vad's OnnxWrapper does the same), so an onset on a chunk boundary is seen whole. */
export const VAD_CONTEXT = 64;

export type VadOptions = {
  /** A chunk at or above this probability is speech (starts a segment). */
  positiveThreshold: number;
  /** Below this a chunk counts towards the silence that ends a segment; in between, the segment goes on. */
  negativeThreshold: number;
  /** Shorter segments are dropped. */
  minSpeechMs: number;
  /** Silence shorter than this does not end a segment. */
  minSilenceMs: number;
  /** Added before and after each segment (split in two when segments are closer than twice this). */
  padMs: number;
};

/** silero-vad's defaults (threshold 0.5, negative threshold 0.5 − 0.15). */
export const DEFAULT_VAD_OPTIONS: VadOptions = {
  positiveThreshold: 0.5,
  negativeThreshold: 0.35,
  minSpeechMs: 250,
  minSilenceMs: 100,
  padMs: 30,
};

/** A speech segment in seconds from the start of the audio. */
export type SpeechSegment = { start: number; end: number };

/** The model's tensor names and state shape, read from the inspection. */
export type VadSpec = {
  input: string;
  state: string;
  sr: string;
  output: string;
  stateOut: string;
  stateDims: [number, number, number];
};

/**
 * The Silero v5 contract (inputs `input` [batch, samples], `state` [2, batch, H], `sr` int64; outputs
 * `output` and `stateN`), or why this model does not fit it.
 */
export const readVadSpec = (inspection: TOnnxInspection | null): VadSpec | { error: string } => {
  if (!inspection) return { error: "This model file has not been inspected yet, so its inputs are unknown." };
  const input = (name: string) => inspection.inputs.find((v) => v.name === name);
  const [audio, state, sr] = [input("input"), input("state"), input("sr")];
  const names = inspection.outputs.map((v) => v.name);
  if (!audio || !state || !sr || !names.includes("output") || !names.includes("stateN"))
    return {
      error:
        "This model does not have Silero VAD v5's inputs (input, state, sr) and outputs (output, stateN); use the tensor widget below.",
    };
  if (audio.type !== "float32" || state.type !== "float32" || sr.type !== "int64")
    return { error: "Silero VAD expects float32 audio and state and an int64 sample rate." };
  const hidden = state.shape?.[2];
  return {
    input: "input",
    state: "state",
    sr: "sr",
    output: "output",
    stateOut: "stateN",
    stateDims: [2, 1, typeof hidden === "number" ? hidden : 128],
  };
};

/** The number of chunks `samples` is scored in (the last one zero-padded). */
export const chunkCount = (samples: number) => Math.ceil(samples / VAD_CHUNK);

/** Chunk `i` with its context: the 64 samples before it (zeros at the start), then 512 samples, zero-padded at the end. */
export const chunkWithContext = (samples: Float32Array, i: number): Float32Array => {
  const out = new Float32Array(VAD_CONTEXT + VAD_CHUNK);
  const from = i * VAD_CHUNK - VAD_CONTEXT;
  const start = Math.max(0, from);
  out.set(samples.subarray(start, Math.min(samples.length, (i + 1) * VAD_CHUNK)), start - from);
  return out;
};

/** One model step: a chunk with context and the state in, the speech probability and next state out. */
export type VadStep = (
  input: Float32Array,
  state: Float32Array,
) => Promise<{ probability: number; state: Float32Array }>;

/** Scores every chunk in order, carrying the state; returns the probabilities and each step's time in ms. */
export const scoreChunks = async (samples: Float32Array, stateSize: number, step: VadStep) => {
  const n = chunkCount(samples.length);
  const probabilities = new Float32Array(n);
  const chunkMs: number[] = [];
  let state: Float32Array = new Float32Array(stateSize);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await step(chunkWithContext(samples, i), state);
    chunkMs.push(performance.now() - t0);
    probabilities[i] = r.probability;
    state = r.state;
  }
  return { probabilities, chunkMs };
};

/**
 * Speech segments from per-chunk probabilities, as silero-vad's get_speech_timestamps finds them
 * (without its maximum-duration split): a segment starts at the first chunk ≥ the positive
 * threshold and ends where the probability has stayed below the negative threshold for
 * `minSilenceMs`; segments shorter than `minSpeechMs` are dropped; then each is padded.
 */
export const speechSegments = (
  probabilities: ArrayLike<number>,
  totalSamples: number,
  options: VadOptions = DEFAULT_VAD_OPTIONS,
): SpeechSegment[] => {
  const perMs = VAD_SAMPLE_RATE / 1000;
  const minSpeech = options.minSpeechMs * perMs;
  const minSilence = options.minSilenceMs * perMs;
  const pad = Math.floor(options.padMs * perMs);
  const found: { start: number; end: number }[] = [];
  let start: number | null = null;
  let silenceFrom: number | null = null;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const at = i * VAD_CHUNK;
    if (p >= options.positiveThreshold) {
      silenceFrom = null;
      if (start === null) start = at;
      continue;
    }
    if (start === null || p >= options.negativeThreshold) continue;
    silenceFrom ??= at;
    if (at - silenceFrom < minSilence) continue;
    if (silenceFrom - start > minSpeech) found.push({ start, end: silenceFrom });
    start = null;
    silenceFrom = null;
  }
  if (start !== null && totalSamples - start > minSpeech) found.push({ start, end: totalSamples });

  // Padding: the gap between two close segments is shared, never overlapped.
  for (let i = 0; i < found.length; i++) {
    const s = found[i]!;
    if (i === 0) s.start = Math.max(0, s.start - pad);
    const next = found[i + 1];
    if (!next) s.end = Math.min(totalSamples, s.end + pad);
    else {
      const gap = next.start - s.end;
      const share = gap < 2 * pad ? Math.floor(gap / 2) : pad;
      s.end += share;
      next.start = Math.max(0, next.start - share);
    }
  }
  return found.map((s) => ({ start: s.start / VAD_SAMPLE_RATE, end: s.end / VAD_SAMPLE_RATE }));
};
