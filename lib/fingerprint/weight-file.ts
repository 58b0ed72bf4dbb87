import onnxProto, { type onnx as Onnx } from "onnx-proto";
import { bf16ToFloat, f16ToFloat, floatToBf16, floatToF16 } from "./half-float";

// onnx-proto is CommonJS: only the default import works under Node's ESM loader (see lib/inspect).
const { onnx } = onnxProto;

export type FloatDtype = "F32" | "F16" | "BF16";
/** A floating-point weight tensor, decoded to fp32 whatever its stored width. */
export type WeightTensor = { name: string; shape: number[]; dtype: FloatDtype; values: Float32Array };
/** Returns the marked values of a tensor, or null to leave it unchanged. */
export type MarkFn = (t: WeightTensor) => Float32Array | null;

export class WeightFormatError extends Error {}

export const width: Record<FloatDtype, number> = { F32: 4, F16: 2, BF16: 2 };

// Files store little-endian floats; on a little-endian machine F32 data is copied, not converted.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const decodeFloats = (bytes: Uint8Array, dtype: FloatDtype, count: number) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < count * width[dtype]) throw new WeightFormatError("tensor data is shorter than its shape");
  // Uint8Array's slice copies (a Node Buffer's would share memory, and may be unaligned).
  if (dtype === "F32" && littleEndian)
    return new Float32Array(Uint8Array.prototype.slice.call(bytes, 0, count * 4).buffer);
  const out = new Float32Array(count);
  if (dtype === "F32") for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  else if (dtype === "F16") for (let i = 0; i < count; i++) out[i] = f16ToFloat(view.getUint16(i * 2, true));
  else for (let i = 0; i < count; i++) out[i] = bf16ToFloat(view.getUint16(i * 2, true));
  return out;
};

export const encodeFloats = (values: Float32Array, dtype: FloatDtype, into: Uint8Array) => {
  const view = new DataView(into.buffer, into.byteOffset, into.byteLength);
  const n = values.length;
  if (dtype === "F32" && littleEndian) into.set(new Uint8Array(values.buffer, values.byteOffset, n * 4));
  else if (dtype === "F32") for (let i = 0; i < n; i++) view.setFloat32(i * 4, values[i] as number, true);
  else if (dtype === "F16") for (let i = 0; i < n; i++) view.setUint16(i * 2, floatToF16(values[i] as number), true);
  else for (let i = 0; i < n; i++) view.setUint16(i * 2, floatToBf16(values[i] as number), true);
};

// ---------- safetensors: 8-byte little-endian header length, JSON header, then raw tensor bytes ----------

export const isSafetensors = (bytes: Uint8Array) => {
  if (bytes.byteLength < 10) return false;
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return n > 0 && 8 + n <= bytes.byteLength && bytes[8] === 0x7b; // "{"
};

export type SafeEntry = { name: string; dtype: FloatDtype; shape: number[]; begin: number; end: number };

/** Bytes of a safetensors file's length prefix and JSON header, from its first 8 bytes. */
export const safetensorsHeaderSize = (first8: Uint8Array) =>
  8 + Number(new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true));

/**
 * The float tensors of a safetensors file with their absolute byte ranges, from its header alone
 * (`bytes` needs only the first safetensorsHeaderSize bytes; `fileSize` bounds the ranges).
 */
export const safetensorsEntries = (bytes: Uint8Array, fileSize = bytes.byteLength) => {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  if (8 + n > bytes.byteLength) throw new WeightFormatError("the safetensors header is cut short");
  let header: Record<string, { dtype?: string; shape?: number[]; data_offsets?: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new WeightFormatError("the safetensors header is not JSON");
  }
  const entries: SafeEntry[] = [];
  for (const [name, e] of Object.entries(header)) {
    if (name === "__metadata__" || !e || !(e.dtype === "F32" || e.dtype === "F16" || e.dtype === "BF16")) continue;
    const [begin, end] = e.data_offsets ?? [0, 0];
    const shape = e.shape ?? [];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * width[e.dtype] || begin < 0 || 8 + n + end > fileSize)
      throw new WeightFormatError(`tensor "${name}": offsets do not match its shape`);
    entries.push({ name, dtype: e.dtype, shape, begin: 8 + n + begin, end: 8 + n + end });
  }
  return entries;
};

// ---------- ONNX: FLOAT, FLOAT16 and BFLOAT16 initializers, inline or in external-data files ----------

const onnxDtype: Record<number, FloatDtype> = { 1: "F32", 10: "F16", 16: "BF16" };
const num = (v: unknown) => (v == null ? 0 : typeof v === "number" ? v : Number(String(v)));

export type OnnxSlot = {
  tensor: Onnx.TensorProto;
  name: string;
  dtype: FloatDtype;
  shape: number[];
  external?: { location: string; offset: number; length: number };
};

const slotOf = (t: Onnx.TensorProto, name: string): OnnxSlot | null => {
  const dtype = onnxDtype[t.dataType];
  if (!dtype || !name) return null;
  const shape = (t.dims ?? []).map(num);
  const slot: OnnxSlot = { tensor: t, name, dtype, shape };
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    const kv = Object.fromEntries((t.externalData ?? []).map((e) => [e.key, e.value]));
    const count = shape.reduce((a, b) => a * b, 1);
    if (!kv.location) return null;
    slot.external = {
      location: kv.location,
      offset: Number(kv.offset ?? 0),
      length: Number(kv.length ?? count * width[dtype]),
    };
  }
  return slot;
};

/**
 * Every float weight of the model: graph initializers and Constant nodes' tensors (exporters use
 * both), in subgraphs too (If / Loop bodies). A Constant is named by its output; a name seen twice
 * gets `#2`, `#3`, … in graph order, so names stay unique and stable.
 */
export const onnxSlots = (model: Onnx.ModelProto) => {
  const slots: OnnxSlot[] = [];
  const seen = new Map<string, number>();
  const add = (t: Onnx.TensorProto | null | undefined, name: string | null | undefined) => {
    if (!t || !name) return;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const slot = slotOf(t, n === 1 ? name : `${name}#${n}`);
    if (slot) slots.push(slot);
  };
  const walk = (graph: Onnx.IGraphProto | null | undefined) => {
    if (!graph) return;
    for (const t of (graph.initializer ?? []) as Onnx.TensorProto[]) add(t, t.name);
    for (const node of graph.node ?? []) {
      for (const a of node.attribute ?? []) {
        if (node.opType === "Constant" && (!node.domain || node.domain === "ai.onnx") && a.name === "value")
          add(a.t as Onnx.TensorProto, node.output?.[0]);
        if (a.g) walk(a.g);
        for (const g of a.graphs ?? []) walk(g);
      }
    }
  };
  walk(model.graph);
  return slots;
};

export const decodeOnnx = (bytes: Uint8Array) => {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) throw new Error("no graph");
    return model;
  } catch {
    throw new WeightFormatError("neither safetensors nor an ONNX model");
  }
};

export const readOnnxSlot = (slot: OnnxSlot, external: Map<string, Uint8Array>) => {
  const count = slot.shape.reduce((a, b) => a * b, 1);
  const t = slot.tensor;
  if (slot.external) {
    const file = external.get(slot.external.location);
    if (!file) return null; // that external file was not given: its tensors are not read
    const { offset, length } = slot.external;
    if (offset + length > file.byteLength) throw new WeightFormatError(`tensor "${slot.name}": external data is short`);
    return decodeFloats(file.subarray(offset, offset + length), slot.dtype, count);
  }
  if (t.rawData?.byteLength) return decodeFloats(t.rawData, slot.dtype, count);
  if (slot.dtype === "F32" && t.floatData?.length === count) return Float32Array.from(t.floatData);
  if (slot.dtype !== "F32" && t.int32Data?.length === count)
    return Float32Array.from(t.int32Data, (h) => (slot.dtype === "F16" ? f16ToFloat(h) : bf16ToFloat(h)));
  return null;
};

/** `onnx` or `safetensors`, from the bytes themselves (a leaked file's name proves nothing). */
export const weightFormat = (bytes: Uint8Array) => (isSafetensors(bytes) ? "safetensors" : "onnx");

/** External-data file names an ONNX model refers to (none for safetensors). */
export const externalLocations = (bytes: Uint8Array) =>
  weightFormat(bytes) === "onnx"
    ? [...new Set(onnxSlots(decodeOnnx(bytes)).flatMap((s) => (s.external ? [s.external.location] : [])))]
    : [];

/**
 * Every float tensor of a weight file, decoded to fp32. `external` maps an ONNX model's
 * external-data locations to their bytes; tensors in files not given are skipped.
 * Throws WeightFormatError for bytes that are neither format.
 */
export const readWeightTensors = (bytes: Uint8Array, external = new Map<string, Uint8Array>()): WeightTensor[] => {
  if (isSafetensors(bytes))
    return safetensorsEntries(bytes).map((e) => ({
      name: e.name,
      dtype: e.dtype,
      shape: e.shape,
      values: decodeFloats(
        bytes.subarray(e.begin, e.end),
        e.dtype,
        e.shape.reduce((a, b) => a * b, 1),
      ),
    }));
  const out: WeightTensor[] = [];
  for (const slot of onnxSlots(decodeOnnx(bytes))) {
    const values = readOnnxSlot(slot, external);
    if (values) out.push({ name: slot.name, dtype: slot.dtype, shape: slot.shape, values });
  }
  return out;
};

/**
 * A weight file with every float tensor put through `mark` (whole tensors; the attacks of
 * attacks.ts use it, a grant's copy is mark-copy.ts's), written back in its own dtype and place. Safetensors keep their header byte for byte; an ONNX model is re-encoded when
 * an inline tensor changed, and external-data files are returned changed when one of theirs did.
 */
export const markWeightFile = (bytes: Uint8Array, external: Map<string, Uint8Array>, mark: MarkFn) => {
  let marked = 0;
  if (isSafetensors(bytes)) {
    const out = Uint8Array.from(bytes);
    for (const e of safetensorsEntries(bytes)) {
      const values = decodeFloats(
        bytes.subarray(e.begin, e.end),
        e.dtype,
        e.shape.reduce((a, b) => a * b, 1),
      );
      const next = mark({ name: e.name, dtype: e.dtype, shape: e.shape, values });
      if (!next) continue;
      encodeFloats(next, e.dtype, out.subarray(e.begin, e.end));
      marked++;
    }
    return { bytes: out, external: new Map<string, Uint8Array>(), marked };
  }
  const model = decodeOnnx(bytes);
  const changedExternal = new Map<string, Uint8Array>();
  let inlineChanged = false;
  for (const slot of onnxSlots(model)) {
    const values = readOnnxSlot(slot, external);
    if (!values) continue;
    const next = mark({ name: slot.name, dtype: slot.dtype, shape: slot.shape, values });
    if (!next) continue;
    marked++;
    if (slot.external) {
      const { location, offset, length } = slot.external;
      let file = changedExternal.get(location);
      if (!file) changedExternal.set(location, (file = Uint8Array.from(external.get(location) as Uint8Array)));
      encodeFloats(next, slot.dtype, file.subarray(offset, offset + length));
      continue;
    }
    const raw = new Uint8Array(next.length * width[slot.dtype]);
    encodeFloats(next, slot.dtype, raw);
    // One representation per tensor: raw_data, whatever the original used.
    slot.tensor.rawData = raw;
    slot.tensor.floatData = [];
    slot.tensor.int32Data = [];
    inlineChanged = true;
  }
  const outBytes = inlineChanged ? onnx.ModelProto.encode(model).finish() : bytes;
  return { bytes: outBytes, external: changedExternal, marked };
};
