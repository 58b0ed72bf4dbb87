import onnxProto, { type onnx as Onnx } from "onnx-proto";
import * as ort from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCharModel, type CharModelBuild } from "./build-char-model";
import type { Vocab } from "./build-vocab";
import { charMlpForward } from "./char-mlp-forward";
import { createPrng } from "./create-prng";
import { encodeText } from "./encode-text";
import { generate, type NextLogits } from "./generate";
import { normalizeText } from "./normalize-text";
import { readCorpus } from "./read-corpus";

const { onnx } = onnxProto;

// In Node, onnxruntime-web resolves to its `node` build, which loads the .wasm from its own
// dist folder, so wasmPaths needs no override. A single thread avoids spawning workers.
ort.env.wasm.numThreads = 1;

let build: CharModelBuild;
let session: ort.InferenceSession;
let vocab: Vocab;
let corpusWords: Set<string>;

const words = (text: string): string[] =>
  text
    .split(/\s+/)
    .map((w) => w.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ""))
    .filter((w) => w.length > 0);

/** Share of whole words that occur in the corpus. The last word is dropped: generation may stop mid-word. */
const realWordShare = (text: string): { share: number; count: number; distinct: number } => {
  const ws = words(text).slice(0, -1);
  const real = ws.filter((w) => corpusWords.has(w)).length;
  return { share: ws.length === 0 ? 0 : real / ws.length, count: ws.length, distinct: new Set(ws).size };
};

const runOnnx = async (ids: ArrayLike<number>, batch: number): Promise<ort.Tensor> => {
  const input = new ort.Tensor("int64", BigInt64Array.from(Array.from(ids), BigInt), [batch, build.contextLength]);
  const out = await session.run({ input_ids: input });
  const logits = out.logits;
  if (!logits) throw new Error("model has no `logits` output");
  return logits;
};

const onnxNextLogits: NextLogits = async (context) => (await runOnnx(context, 1)).data as Float32Array;

const decodeModel = () => onnx.ModelProto.decode(build.onnx);

beforeAll(async () => {
  build = await buildCharModel();
  vocab = { chars: build.vocab, padId: build.padId, fallbackId: build.fallbackId };
  session = await ort.InferenceSession.create(build.onnx, { executionProviders: ["wasm"] });
  corpusWords = new Set((await readCorpus()).flatMap((doc) => words(normalizeText(doc.text))));
});

afterAll(async () => {
  await session?.release();
});

describe("buildCharModel", () => {
  it("trains well below the uniform baseline", () => {
    expect(build.baselineLoss).toBeCloseTo(Math.log(build.vocab.length), 10);
    expect(Number.isFinite(build.trainLoss)).toBe(true);
    expect(build.trainLoss).toBeGreaterThan(0);
    expect(build.trainLoss).toBeLessThan(0.6 * build.baselineLoss);
  });

  it("ONNX Runtime logits match the TS forward pass", async () => {
    const n = build.contextLength;
    const prng = createPrng(42);
    const contexts = [
      new Array<number>(n).fill(build.padId),
      [...new Array<number>(n).fill(build.padId), ...encodeText(vocab, "the ")].slice(-n),
      encodeText(vocab, "it was the best"),
      Array.from({ length: n }, () => prng.nextInt(build.vocab.length)),
      Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0 : build.vocab.length - 1)),
    ].map((ids) => ids.slice(-n));
    const ids = contexts.flat();
    // Five rows: not a multiple of the TS matmul's 4-row block, so its edge path runs too.
    const ortLogits = await runOnnx(ids, contexts.length);
    expect(ortLogits.dims).toEqual([contexts.length, build.vocab.length]);
    expect(ortLogits.type).toBe("float32");

    const tsLogits = charMlpForward(build.model, ids, contexts.length).logits;
    const got = ortLogits.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < tsLogits.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - tsLogits[i]!));
    expect(maxDiff).toBeLessThan(1e-4);
    // The contexts differ, so the predictions must too. This catches a graph that ignores input_ids.
    expect(Array.from(got.subarray(0, build.vocab.length))).not.toEqual(
      Array.from(got.subarray(build.vocab.length, 2 * build.vocab.length)),
    );
  });

  it("greedy generation through ONNX equals the TS one and is mostly real words", async () => {
    const options = { vocab, contextLength: build.contextLength, prompt: "the ", length: 200 } as const;
    const viaOnnx = await generate({ ...options, source: onnxNextLogits, strategy: { kind: "greedy" } });
    const viaTs = await generate({ ...options, source: build.model, strategy: { kind: "greedy" } });
    expect(viaOnnx).toHaveLength(200);
    expect(viaOnnx).toBe(viaTs);
    const { share, count, distinct } = realWordShare(viaOnnx);
    expect(count).toBeGreaterThanOrEqual(20);
    expect(distinct).toBeGreaterThanOrEqual(4);
    expect(share).toBeGreaterThanOrEqual(0.6);
  });

  it("top-k sampling through ONNX equals the TS one and is mostly real words", async () => {
    const options = { vocab, contextLength: build.contextLength, prompt: "the ", length: 400 } as const;
    const strategy = { kind: "top-k", k: 5, temperature: 0.8, seed: 1 } as const;
    const viaOnnx = await generate({ ...options, source: onnxNextLogits, strategy });
    const viaTs = await generate({ ...options, source: build.model, strategy });
    expect(viaOnnx).toBe(viaTs);
    const { share, count, distinct } = realWordShare(viaOnnx);
    expect(count).toBeGreaterThanOrEqual(40);
    // Sampling gives more varied text than greedy decoding, so it needs less repetition to pass.
    expect(distinct).toBeGreaterThanOrEqual(20);
    expect(share).toBeGreaterThanOrEqual(0.5);
  });

  it("is deterministic: a second build gives byte-identical ONNX", async () => {
    const second = await buildCharModel();
    expect(second.onnx.length).toBe(build.onnx.length);
    expect(Buffer.from(second.onnx).equals(Buffer.from(build.onnx))).toBe(true);
    expect(second.trainLoss).toBe(build.trainLoss);
  });

  it("declares the graph contract: opset, IR version, shapes and op types", () => {
    const model = decodeModel();
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain ?? "", Number(o.version)])).toEqual([["", 17]]);
    expect(model.producerName).toBe("weights-registry-seed");
    expect(model.docString.length).toBeGreaterThan(0);

    // decode() returns class instances, whose repeated fields are always arrays.
    const graph = model.graph as Onnx.GraphProto;
    expect(graph.name).toBe("char_mlp_lm");
    const dims = (info: Onnx.IValueInfoProto) =>
      info.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(graph.input.map((i) => i.name)).toEqual(["input_ids"]);
    expect(graph.input[0]!.type!.tensorType!.elemType).toBe(onnx.TensorProto.DataType.INT64);
    expect(dims(graph.input[0]!)).toEqual(["batch", build.contextLength]);
    expect(graph.output.map((o) => o.name)).toEqual(["logits"]);
    expect(graph.output[0]!.type!.tensorType!.elemType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(dims(graph.output[0]!)).toEqual(["batch", build.vocab.length]);
    // These ops run on both the WASM and WebGPU execution providers of onnxruntime-web.
    expect(graph.node.map((node) => node.opType)).toEqual([
      "Gather",
      "Reshape",
      "MatMul",
      "Add",
      "Tanh",
      "MatMul",
      "Add",
    ]);
  });

  it("accepts any batch size, since the batch dimension is symbolic", async () => {
    const n = build.contextLength;
    const row = encodeText(vocab, "and the ").slice(-n);
    const single = (await runOnnx(row, 1)).data as Float32Array;
    const triple = await runOnnx([...row, ...row, ...row], 3);
    expect(triple.dims).toEqual([3, build.vocab.length]);
    const tripleData = triple.data as Float32Array;
    const v = build.vocab.length;
    for (let b = 0; b < 3; b++) {
      const slice = Array.from(tripleData.subarray(b * v, (b + 1) * v));
      slice.forEach((value, i) => expect(value).toBeCloseTo(single[i]!, 5));
    }
  });

  it("stores usable metadata_props", () => {
    const props = new Map(decodeModel().metadataProps.map((p) => [p.key, p.value]));
    const storedVocab: unknown = JSON.parse(props.get("vocab") ?? "null");
    expect(storedVocab).toEqual(build.vocab);
    expect(new Set(build.vocab).size).toBe(build.vocab.length);
    expect(build.vocab.every((ch) => ch.length === 1)).toBe(true);
    expect(props.get("context_length")).toBe(String(build.contextLength));
    const padId = Number(props.get("pad_id"));
    expect(padId).toBe(build.padId);
    expect(build.vocab[padId]).toBe("\n");
    expect(Number(props.get("fallback_id"))).toBe(build.fallbackId);
    expect(props.get("task")).toBe("text-generation");
    expect(props.get("description")).toMatch(/public-domain/);
  });
});
