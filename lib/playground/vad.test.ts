import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { inspectOnnx } from "@/lib/inspect/inspect-onnx";
import type { TOnnxInspection } from "@/lib/schemas/inspection";
import {
  DEFAULT_VAD_OPTIONS,
  VAD_CHUNK,
  VAD_CONTEXT,
  VAD_SAMPLE_RATE,
  chunkWithContext,
  readVadSpec,
  scoreChunks,
  speechSegments,
  type VadSpec,
} from "./vad";
import { audibleSpan, padWithSilence, readWav, type PcmAudio } from "./wav";

const require = createRequire(import.meta.url);
// The same file prisma/seed/demo-catalog.ts stores for silero/silero-vad.
const sileroBytes = () =>
  new Uint8Array(readFileSync(path.join(path.dirname(require.resolve("@ricky0123/vad-web")), "silero_vad_v5.onnx")));
ort.env.wasm.numThreads = 1;

const seconds = (samples: number) => samples / VAD_SAMPLE_RATE;
/** Probabilities: `value` on the chunks of [from, to), 0 elsewhere. */
const probs = (n: number, ...runs: [from: number, to: number, value: number][]) => {
  const out = new Float32Array(n);
  for (const [from, to, v] of runs) out.fill(v, from, to);
  return out;
};
const noPad = { ...DEFAULT_VAD_OPTIONS, padMs: 0 };

describe("chunkWithContext", () => {
  const samples = Float32Array.from({ length: 1200 }, (_, i) => i + 1);
  it("puts the previous chunk's last 64 samples (zeros before the start) ahead of each 512-sample chunk, zero-padding the last", () => {
    const first = chunkWithContext(samples, 0);
    expect(first.length).toBe(VAD_CONTEXT + VAD_CHUNK);
    expect([...first.subarray(0, VAD_CONTEXT)].every((v) => v === 0)).toBe(true);
    expect([first[VAD_CONTEXT], first.at(-1)]).toEqual([1, 512]);
    const second = chunkWithContext(samples, 1);
    expect([second[0], second[VAD_CONTEXT - 1], second[VAD_CONTEXT], second.at(-1)]).toEqual([449, 512, 513, 1024]);
    const last = chunkWithContext(samples, 2);
    expect([last[0], last[VAD_CONTEXT + 1200 - 1024 - 1], last[VAD_CONTEXT + 1200 - 1024], last.at(-1)]).toEqual([
      961, 1200, 0, 0,
    ]);
  });
});

describe("scoreChunks", () => {
  it("feeds each step the state the previous one returned, starting from zeros, one probability per chunk", async () => {
    const seen: number[][] = [];
    const { probabilities, chunkMs } = await scoreChunks(
      new Float32Array(3 * VAD_CHUNK - 5),
      4,
      async (input, state) => {
        seen.push([...state]);
        expect(input.length).toBe(VAD_CONTEXT + VAD_CHUNK);
        return { probability: state[0]! / 10, state: state.map((v) => v + 1) };
      },
    );
    expect(seen).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
    expect([...probabilities].map((p) => Number(p.toFixed(2)))).toEqual([0, 0.1, 0.2]);
    expect(chunkMs).toHaveLength(3);
  });
});

describe("speechSegments", () => {
  const total = 100 * VAD_CHUNK;
  it("finds nothing in silence", () => {
    expect(speechSegments(probs(100), total)).toEqual([]);
  });

  it("starts at the first speech chunk and ends where the silence began, padded by padMs", () => {
    const [s] = speechSegments(probs(100, [10, 41, 0.9]), total);
    const pad = 0.03 * VAD_SAMPLE_RATE;
    expect(s).toEqual({ start: seconds(10 * VAD_CHUNK - pad), end: seconds(41 * VAD_CHUNK + pad) });
  });

  it("keeps a segment going through chunks between the two thresholds and through silences shorter than minSilenceMs", () => {
    // 0.4 is below the positive threshold but above the negative one; 2 chunks of 0.1 are 64 ms < 100 ms.
    const p = probs(100, [10, 20, 0.9], [20, 40, 0.4], [40, 50, 0.9], [50, 52, 0.1], [52, 60, 0.9]);
    expect(speechSegments(p, total, noPad)).toEqual([{ start: seconds(10 * VAD_CHUNK), end: seconds(60 * VAD_CHUNK) }]);
  });

  it("splits at a silence of minSilenceMs, drops segments shorter than minSpeechMs, and runs the last one to the end", () => {
    // 6 chunks (192 ms) of silence split; 5 chunks (160 ms) of speech are under 250 ms.
    const p = probs(100, [10, 30, 0.9], [36, 60, 0.9], [70, 75, 0.9], [85, 100, 0.8]);
    expect(speechSegments(p, total - 100, noPad)).toEqual([
      { start: seconds(10 * VAD_CHUNK), end: seconds(30 * VAD_CHUNK) },
      { start: seconds(36 * VAD_CHUNK), end: seconds(60 * VAD_CHUNK) },
      { start: seconds(85 * VAD_CHUNK), end: seconds(total - 100) },
    ]);
  });

  it("shares a gap narrower than twice the padding between the two segments instead of overlapping them", () => {
    const p = probs(100, [10, 30, 0.9], [36, 60, 0.9]);
    const [a, b] = speechSegments(p, total, { ...DEFAULT_VAD_OPTIONS, padMs: 200 });
    const middle = seconds(33 * VAD_CHUNK);
    expect([a?.end, b?.start]).toEqual([middle, middle]);
    expect(a?.start).toBe(seconds(10 * VAD_CHUNK - 0.2 * VAD_SAMPLE_RATE));
  });

  it("follows the thresholds it is given", () => {
    const p = probs(100, [10, 40, 0.45]);
    expect(speechSegments(p, total)).toEqual([]);
    expect(speechSegments(p, total, { ...noPad, positiveThreshold: 0.4, negativeThreshold: 0.3 })).toEqual([
      { start: seconds(10 * VAD_CHUNK), end: seconds(40 * VAD_CHUNK) },
    ]);
  });
});

describe("readVadSpec", () => {
  it("reads Silero v5's contract from the seeded file's inspection and refuses another model", () => {
    expect(readVadSpec(inspectOnnx(sileroBytes()))).toEqual({
      input: "input",
      state: "state",
      sr: "sr",
      output: "output",
      stateOut: "stateN",
      stateDims: [2, 1, 128],
    });
    const other = {
      ...inspectOnnx(sileroBytes()),
      inputs: [{ name: "x", type: "float32", shape: [1, 3] }],
    } satisfies TOnnxInspection;
    expect(readVadSpec(other)).toHaveProperty("error");
    expect(readVadSpec(null)).toHaveProperty("error");
  });
});

/** Linear resampling to 16 kHz: enough to hand espeak's 22050 Hz speech to the model in Node (the browser uses its own resampler). */
const to16k = ({ sampleRate, samples }: PcmAudio) => {
  const out = new Float32Array(Math.floor((samples.length * VAD_SAMPLE_RATE) / sampleRate));
  for (let i = 0; i < out.length; i++) {
    const x = (i * sampleRate) / VAD_SAMPLE_RATE;
    const j = Math.floor(x);
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    out[i] = (a + (b - a) * (x - j)) / 32768;
  }
  return out;
};

const detect = async (session: ort.InferenceSession, spec: VadSpec, samples: Float32Array) => {
  const sr = new ort.Tensor("int64", BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
  const { probabilities } = await scoreChunks(samples, 2 * 128, async (input, state) => {
    const out = await session.run({
      [spec.input]: new ort.Tensor("float32", input, [1, input.length]),
      [spec.state]: new ort.Tensor("float32", state, spec.stateDims),
      [spec.sr]: sr,
    });
    return {
      probability: (out[spec.output]!.data as Float32Array)[0]!,
      state: out[spec.stateOut]!.data as Float32Array,
    };
  });
  return speechSegments(probabilities, samples.length);
};

describe("Silero VAD v5 on real audio (onnxruntime-web in Node)", () => {
  it("finds the spoken sentence inside 1.5 s of silence on either side, and nothing in silence alone", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vad-"));
    let speech: PcmAudio;
    try {
      execFileSync("espeak-ng", ["-w", path.join(dir, "s.wav"), "The quick brown fox jumps over the lazy dog."]);
      speech = readWav(readFileSync(path.join(dir, "s.wav")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(speech.sampleRate).toBe(22_050);
    const padded = padWithSilence(speech, 1.5, 1.5);
    const span = audibleSpan(padded);
    if (!span) throw new Error("espeak-ng produced no audible sound");
    const spec = readVadSpec(inspectOnnx(sileroBytes()));
    if ("error" in spec) throw new Error(spec.error);
    const session = await ort.InferenceSession.create(sileroBytes(), { executionProviders: ["wasm"] });
    try {
      const segments = await detect(session, spec, to16k(padded));
      expect(segments.length).toBeGreaterThan(0);
      expect(segments[0]!.start).toBeGreaterThan(span.start - 0.3);
      expect(segments[0]!.start).toBeLessThan(span.start + 0.3);
      expect(segments.at(-1)!.end).toBeGreaterThan(span.end - 0.3);
      expect(segments.at(-1)!.end).toBeLessThan(span.end + 0.3);
      expect(await detect(session, spec, new Float32Array(3 * VAD_SAMPLE_RATE))).toEqual([]);
    } finally {
      await session.release();
    }
  });
});
