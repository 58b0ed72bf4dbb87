// The worker's voice-activity task: Silero VAD run chunk by chunk over 16 kHz mono samples, its
// recurrent state carried from each chunk to the next, then the speech segments.
import { post, ready } from "./ort-runtime";
import { VAD_SAMPLE_RATE, scoreChunks, speechSegments } from "./vad";
import type { WorkerRequest } from "./worker-protocol";

export const detectVoice = async ({ id, samples, spec, options }: Extract<WorkerRequest, { type: "detect-voice" }>) => {
  const { ort: o, session } = await ready();
  const sr = new o.Tensor("int64", BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
  const [a, b, c] = spec.stateDims;
  const started = performance.now();
  const { probabilities, chunkMs } = await scoreChunks(samples, a * b * c, async (input, state) => {
    const out = await session.run({
      [spec.input]: new o.Tensor("float32", input, [1, input.length]),
      [spec.state]: new o.Tensor("float32", state, spec.stateDims),
      [spec.sr]: sr,
    });
    const probability = ((await out[spec.output]!.getData()) as Float32Array)[0] ?? 0;
    return { probability, state: (await out[spec.stateOut]!.getData()) as Float32Array };
  });
  const ms = performance.now() - started;
  const segments = speechSegments(probabilities, samples.length, options);
  const meanChunkMs = chunkMs.length ? chunkMs.reduce((x, y) => x + y, 0) / chunkMs.length : 0;
  post(
    {
      type: "voice",
      id,
      probabilities,
      segments,
      chunks: chunkMs.length,
      ms,
      firstChunkMs: chunkMs[0] ?? 0,
      meanChunkMs,
    },
    [probabilities.buffer],
  );
};
