// 16-bit PCM WAV files, read and written without any audio library: the tests make their speech
// with espeak-ng (22050 Hz mono 16-bit) and wrap it in silence; the browser reads the result
// through decodeAudioData like any user's file.

export type PcmAudio = { sampleRate: number; channels: number; samples: Int16Array };

const text = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** Reads a PCM 16-bit WAV (any chunk order, unknown chunks skipped; channels left interleaved). */
export const readWav = (bytes: Uint8Array): PcmAudio => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (text(bytes, 0) !== "RIFF" || text(bytes, 8) !== "WAVE") throw new Error("not a RIFF/WAVE file");
  let format: { channels: number; sampleRate: number; bits: number; tag: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = text(bytes, at);
    // A streamed WAV (size 0 or 0xFFFFFFFF) runs to the end of the file.
    const declared = view.getUint32(at + 4, true);
    const size = Math.min(declared, bytes.length - at - 8);
    if (id === "fmt ")
      format = {
        tag: view.getUint16(at + 8, true),
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        bits: view.getUint16(at + 22, true),
      };
    if (id === "data") {
      if (!format) throw new Error("WAV data before its fmt chunk");
      if (format.tag !== 1 || format.bits !== 16)
        throw new Error(`only 16-bit PCM WAV is read here (format ${format.tag}, ${format.bits} bits)`);
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + i * 2, true);
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error("WAV without a data chunk");
};

/** Writes a canonical 44-byte-header PCM 16-bit WAV. */
export const writeWav = ({ sampleRate, channels, samples }: PcmAudio): Uint8Array => {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  put(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, "WAVE");
  put(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  put(36, "data");
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((v, i) => view.setInt16(44 + i * 2, v, true));
  return out;
};

/** `audio` with `before` and `after` seconds of digital silence around it (same rate and channels). */
export const padWithSilence = (audio: PcmAudio, before: number, after: number): PcmAudio => {
  const frames = (s: number) => Math.round(s * audio.sampleRate) * audio.channels;
  const samples = new Int16Array(frames(before) + audio.samples.length + frames(after));
  samples.set(audio.samples, frames(before));
  return { ...audio, samples };
};

/** The first and last sample (in seconds) whose magnitude reaches `level` of full scale; null when none does. */
export const audibleSpan = (
  { sampleRate, channels, samples }: PcmAudio,
  level = 0.02,
): { start: number; end: number } | null => {
  const limit = level * 32768;
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++)
    if (Math.abs(samples[i]!) >= limit) {
      if (first < 0) first = i;
      last = i;
    }
  if (first < 0) return null;
  const frame = (i: number) => Math.floor(i / channels) / sampleRate;
  return { start: frame(first), end: frame(last) };
};
