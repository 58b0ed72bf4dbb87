import onnxProto, { type onnx as Onnx } from "onnx-proto";
import type { CharMlp } from "./create-char-mlp";

// onnx-proto is CommonJS and assigns `module.exports` at runtime, so Node's ESM loader
// (which tsx uses for the seed script) cannot find a named `onnx` export. The default
// import works under Node, tsx and vitest alike.
const { onnx } = onnxProto;

export type CharModelMetadata = {
  vocab: readonly string[];
  padId: number;
  fallbackId: number;
  description: string;
};

/** Explicitly little-endian, as ONNX raw_data requires whatever the host byte order. */
const floatBytes = (values: Float32Array): Uint8Array => {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return out;
};

const int64Bytes = (values: readonly number[]): Uint8Array => {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return out;
};

const floatTensor = (name: string, dims: number[], values: Float32Array): Onnx.ITensorProto => {
  if (dims.reduce((a, b) => a * b, 1) !== values.length) throw new Error(`bad dims for ${name}`);
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: floatBytes(values) };
};

const valueInfo = (
  name: string,
  elemType: Onnx.TensorProto.DataType,
  dims: (number | string)[],
): Onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: {
        dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })),
      },
    },
  },
});

const node = (opType: string, input: string[], output: string[], attribute: Onnx.IAttributeProto[] = []) => ({
  opType,
  input,
  output,
  attribute,
  name: `${opType.toLowerCase()}_${output[0]}`,
});

/**
 * Writes the model as ONNX by hand. Only Gather, Reshape, MatMul, Add and Tanh are used:
 * onnxruntime-web runs all five on both its WASM and WebGPU execution providers, so the
 * browser demo works on either. The model is small, so every weight is stored inline
 * and the file is a single self-contained protobuf.
 */
export const exportCharMlpOnnx = (model: CharMlp, metadata: CharModelMetadata): Uint8Array => {
  const { vocabSize: v, contextLength: n, embeddingDim: e, hiddenDim: h } = model;
  if (metadata.vocab.length !== v) throw new Error("metadata vocab does not match model vocab size");

  const graph: Onnx.IGraphProto = {
    name: "char_mlp_lm",
    docString: `Character MLP: ${n} previous chars -> ${e}-d embeddings -> ${h} tanh units -> ${v} logits.`,
    input: [valueInfo("input_ids", onnx.TensorProto.DataType.INT64, ["batch", n])],
    output: [valueInfo("logits", onnx.TensorProto.DataType.FLOAT, ["batch", v])],
    initializer: [
      floatTensor("embedding", [v, e], model.embedding),
      // -1 lets the batch dimension flow through without a Shape op.
      { name: "flat_shape", dims: [2], dataType: onnx.TensorProto.DataType.INT64, rawData: int64Bytes([-1, n * e]) },
      floatTensor("w1", [n * e, h], model.w1),
      floatTensor("b1", [h], model.b1),
      floatTensor("w2", [h, v], model.w2),
      floatTensor("b2", [v], model.b2),
    ],
    node: [
      node(
        "Gather",
        ["embedding", "input_ids"],
        ["context_embeddings"],
        [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      ),
      node("Reshape", ["context_embeddings", "flat_shape"], ["context_flat"]),
      node("MatMul", ["context_flat", "w1"], ["hidden_matmul"]),
      node("Add", ["hidden_matmul", "b1"], ["hidden_pre"]),
      node("Tanh", ["hidden_pre"], ["hidden"]),
      node("MatMul", ["hidden", "w2"], ["logits_matmul"]),
      node("Add", ["logits_matmul", "b2"], ["logits"]),
    ],
  };

  const metadataProps: Record<string, string> = {
    vocab: JSON.stringify(metadata.vocab),
    context_length: String(n),
    pad_id: String(metadata.padId),
    fallback_id: String(metadata.fallbackId),
    lowercase: "true",
    task: "text-generation",
    description: metadata.description,
  };

  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    producerName: "weights-registry-seed",
    producerVersion: "1",
    modelVersion: 1,
    docString:
      "Tiny character-level language model trained at seed time on public-domain English. " +
      "Input: int64 [batch, context_length] token ids (left-pad with pad_id). " +
      "Output: float32 [batch, vocab] next-character logits. See metadata_props.",
    graph,
    metadataProps: Object.entries(metadataProps).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(proto).finish();
};
