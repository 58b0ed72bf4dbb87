import onnxProto, { type onnx as Onnx } from "onnx-proto";
import {
  INSPECTION_SCHEMA_VERSION,
  ZOnnxInspection,
  type TOnnxInspection,
  type TOnnxValue,
} from "@/lib/schemas/inspection";
import { InspectionError } from "./inspection-error";
import { onnxElementTypeName } from "./onnx-element-types";

// onnx-proto is CommonJS assigning module.exports at runtime: only the default import works under
// Node's ESM loader, tsx and vitest alike (as in prisma/seed/char-lm/export-char-mlp-onnx.ts).
const { onnx } = onnxProto;

type Int64 = number | { toString(): string } | null | undefined;
/** protobufjs gives int64 fields as Long objects (or numbers); dims never get near 2^53. */
const toNumber = (v: Int64) => (v == null ? 0 : typeof v === "number" ? v : Number(v.toString()));
const has = (o: object | null | undefined, key: string) => o != null && Object.prototype.hasOwnProperty.call(o, key);

const METADATA_VALUE_LIMIT = 4096;

const elementCount = (dims: Int64[] | null | undefined) => (dims ?? []).reduce<number>((n, d) => n * toNumber(d), 1);

/** `float32`, `sequence<int64>`, `map<string,float32>`, `optional<…>`, `sparse<float32>`. */
const typeName = (t: Onnx.ITypeProto | null | undefined): string => {
  if (!t) return "unknown";
  if (has(t, "tensorType")) return onnxElementTypeName(t.tensorType?.elemType);
  if (has(t, "sparseTensorType")) return `sparse<${onnxElementTypeName(t.sparseTensorType?.elemType)}>`;
  if (has(t, "sequenceType")) return `sequence<${typeName(t.sequenceType?.elemType)}>`;
  if (has(t, "mapType")) return `map<${onnxElementTypeName(t.mapType?.keyType)},${typeName(t.mapType?.valueType)}>`;
  if (has(t, "optionalType")) return `optional<${typeName(t.optionalType?.elemType)}>`;
  return "unknown";
};

const shapeOf = (t: Onnx.ITypeProto | null | undefined): TOnnxValue["shape"] => {
  const tensor = t?.tensorType ?? t?.sparseTensorType;
  if (!tensor || !has(tensor, "shape")) return null;
  return (tensor.shape?.dim ?? []).map((d) =>
    has(d, "dimValue") ? toNumber(d.dimValue) : has(d, "dimParam") && d.dimParam ? d.dimParam : null,
  );
};

const valueOf = (v: Onnx.IValueInfoProto): TOnnxValue => ({
  name: v.name ?? "",
  type: typeName(v.type),
  shape: shapeOf(v.type),
});

type Walk = { parameters: number; nodes: number; opTypes: Set<string>; external: Set<string> };

const addTensor = (walk: Walk, t: Onnx.ITensorProto | null | undefined) => {
  if (!t) return;
  walk.parameters += elementCount(t.dims);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    const location = t.externalData?.find((e) => e.key === "location")?.value;
    if (location) walk.external.add(location);
  }
};

/** Elements a Constant node stores (its one `value*` attribute). */
const addConstant = (walk: Walk, node: Onnx.INodeProto) => {
  for (const a of node.attribute ?? []) {
    if (a.name === "value") addTensor(walk, a.t);
    else if (a.name === "sparse_value") addTensor(walk, a.sparseTensor?.values);
    else if (a.name === "value_floats") walk.parameters += a.floats?.length ?? 0;
    else if (a.name === "value_ints") walk.parameters += a.ints?.length ?? 0;
    else if (a.name === "value_float" || a.name === "value_int") walk.parameters += 1;
  }
};

const walkNodes = (walk: Walk, nodes: Onnx.INodeProto[] | null | undefined) => {
  for (const node of nodes ?? []) {
    walk.nodes += 1;
    const domain = node.domain && node.domain !== "ai.onnx" ? `${node.domain}.` : "";
    walk.opTypes.add(`${domain}${node.opType ?? "?"}`);
    if (!domain && node.opType === "Constant") addConstant(walk, node);
    // If / Loop / Scan bodies are graphs inside attributes; their weights and operators count too.
    for (const a of node.attribute ?? []) {
      if (a.g) walkGraph(walk, a.g);
      for (const g of a.graphs ?? []) walkGraph(walk, g);
    }
  }
};

const walkGraph = (walk: Walk, graph: Onnx.IGraphProto) => {
  for (const t of graph.initializer ?? []) addTensor(walk, t);
  for (const s of graph.sparseInitializer ?? []) addTensor(walk, s.values);
  walkNodes(walk, graph.node);
};

const decode = (bytes: Uint8Array) => {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new InspectionError(
      `not an ONNX model: the protobuf does not decode (${e instanceof Error ? e.message : String(e)})`,
    );
  }
};

/**
 * Reads an ONNX model's interface and contents from its bytes (pure; no I/O). External-data
 * tensors are counted from their dims, their files are listed, and their bytes are not needed.
 * Throws InspectionError for bytes that are not an ONNX model.
 */
export const inspectOnnx = (bytes: Uint8Array): TOnnxInspection => {
  const model = decode(bytes);
  const graph = model.graph;
  const irVersion = toNumber(model.irVersion);
  if (!graph || irVersion < 1) throw new InspectionError("not an ONNX model: no graph or IR version");

  const walk: Walk = { parameters: 0, nodes: 0, opTypes: new Set(), external: new Set() };
  walkGraph(walk, graph);
  for (const f of model.functions ?? []) walkNodes(walk, f.node);

  // Before IR 4, initializers had to be listed as graph inputs too; they are weights, not inputs.
  const initializers = new Set([
    ...(graph.initializer ?? []).map((t) => t.name),
    ...(graph.sparseInitializer ?? []).map((s) => s.values?.name),
  ]);
  const metadata = Object.fromEntries(
    (model.metadataProps ?? []).map((p) => [p.key ?? "", (p.value ?? "").slice(0, METADATA_VALUE_LIMIT)]),
  );

  return ZOnnxInspection.parse({
    kind: "onnx",
    schemaVersion: INSPECTION_SCHEMA_VERSION,
    irVersion,
    producer: { name: model.producerName ?? "", version: model.producerVersion ?? "" },
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? "", version: toNumber(o.version) })),
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name)).map(valueOf),
    outputs: (graph.output ?? []).map(valueOf),
    parameterCount: walk.parameters,
    externalDataFiles: [...walk.external].sort(),
    nodeCount: walk.nodes,
    opTypes: [...walk.opTypes].sort(),
    metadata,
  });
};
