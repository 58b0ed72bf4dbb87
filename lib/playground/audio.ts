// Audio for the voice-activity widget: any file the browser decodes (WAV, MP3, Ogg, a MediaRecorder
// recording) to the 16 kHz mono float samples Silero VAD expects, and a waveform summary to draw.
import { VAD_SAMPLE_RATE } from "./vad";

/** The average of the channels (what a mono downmix of speech needs; no channel is favoured). */
export const mixDown = (channels: Float32Array[]): Float32Array => {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]?.length ?? 0);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i]! += c[i]! / channels.length;
  return out;
};

/**
 * Decodes audio bytes to 16 kHz mono in the browser. decodeAudioData always resamples to its
 * context's rate, so decoding in a 16 kHz OfflineAudioContext is the resampling step (the browser's
 * own resampler, one pass); several channels are then averaged.
 */
export const decodeToVadSamples = async (bytes: ArrayBuffer): Promise<Float32Array> => {
  // Only decodes: it never renders or plays anything, so it needs no user gesture.
  const context = new OfflineAudioContext(1, 1, VAD_SAMPLE_RATE);
  let decoded: AudioBuffer;
  try {
    decoded = await context.decodeAudioData(bytes);
  } catch {
    throw new Error("This browser cannot decode this file as audio (try a WAV file).");
  }
  return mixDown(Array.from({ length: decoded.numberOfChannels }, (_, c) => decoded.getChannelData(c).slice()));
};

/** For each of `buckets` equal slices of the samples, its lowest and highest value (what a waveform draws). */
export const waveformPeaks = (samples: Float32Array, buckets: number): { min: number; max: number }[] => {
  const n = Math.max(1, Math.min(buckets, samples.length));
  return Array.from({ length: n }, (_, b) => {
    const from = Math.floor((b * samples.length) / n);
    const to = Math.max(from + 1, Math.floor(((b + 1) * samples.length) / n));
    let min = 0;
    let max = 0;
    for (let i = from; i < to && i < samples.length; i++) {
      const v = samples[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  });
};
