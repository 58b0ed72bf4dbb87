// What a leaker might do to a file without retraining it: used by the tests, the measurements and
// the robustness table in README.md. Each takes a weight file's bytes and returns new bytes.
import onnxProto, { type onnx as Onnx } from "onnx-proto";
import { bf16ToFloat, f16ToFloat, floatToBf16, floatToF16 } from "./half-float";
import { markWeightFile, readWeightTensors, type WeightTensor } from "./weight-file";

const { onnx } = onnxProto;

const le32 = (values: Float32Array) => {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
};

/** Writes tensors as a safetensors file (F32 / F16 / BF16), in the given order. */
export const writeSafetensors = (tensors: WeightTensor[], dtype?: "F32" | "F16" | "BF16") => {
  const header: Record<string, unknown> = {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    const d = dtype ?? t.dtype;
    let bytes: Uint8Array;
    if (d === "F32") bytes = le32(t.values);
    else {
      bytes = new Uint8Array(t.values.length * 2);
      const view = new DataView(bytes.buffer);
      t.values.forEach((v, i) => view.setUint16(i * 2, d === "F16" ? floatToF16(v) : floatToBf16(v), true));
    }
    header[t.name] = { dtype: d, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

/** Replaces every float tensor's values with `f(values)`, keeping the file's format and dtypes. */
const mapValues = (bytes: Uint8Array, f: (v: Float32Array, name: string) => Float32Array) =>
  markWeightFile(bytes, new Map(), (t) => f(t.values, t.name)).bytes;

/** Re-saves the file with its tensors in reverse order (ONNX initializers, safetensors header). */
export const reorder = (bytes: Uint8Array) => {
  if (bytes[8] === 0x7b) return writeSafetensors(readWeightTensors(bytes).reverse());
  const model = onnx.ModelProto.decode(bytes);
  model.graph?.initializer?.reverse();
  return onnx.ModelProto.encode(model).finish();
};

/** ONNX with every float initializer moved into one external-data file, as large exports store them. */
export const toExternalData = (bytes: Uint8Array, location = "weights.bin") => {
  const model = onnx.ModelProto.decode(bytes);
  const byName = new Map(readWeightTensors(bytes).map((t) => [t.name, t]));
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const t of (model.graph?.initializer ?? []) as Onnx.TensorProto[]) {
    const w = byName.get(t.name);
    if (!w || w.dtype !== "F32") continue;
    const raw = le32(w.values);
    t.rawData = new Uint8Array(0);
    t.floatData = [];
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      onnx.StringStringEntryProto.create({ key: "location", value: location }),
      onnx.StringStringEntryProto.create({ key: "offset", value: String(offset) }),
      onnx.StringStringEntryProto.create({ key: "length", value: String(raw.byteLength) }),
    ];
    parts.push(raw);
    offset += raw.byteLength;
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.byteLength;
  }
  return { onnx: onnx.ModelProto.encode(model).finish(), external: new Map([[location, data]]) };
};

/** fp32 → fp16 → fp32 (the values a half-precision copy holds). */
export const castF16 = (bytes: Uint8Array) => mapValues(bytes, (v) => v.map((x) => f16ToFloat(floatToF16(x))));
/** fp32 → bf16 → fp32. */
export const castBf16 = (bytes: Uint8Array) => mapValues(bytes, (v) => v.map((x) => bf16ToFloat(floatToBf16(x))));

/** Symmetric per-tensor int8 quantisation and back (the values an int8 copy dequantises to). */
export const quantizeInt8 = (bytes: Uint8Array) =>
  mapValues(bytes, (v) => {
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max / 127 || 1;
    return v.map((x) => Math.round(x / scale) * scale);
  });

/** Adds Gaussian noise of `relative` × each tensor's std (a stand-in for a few SGD steps). */
export const addNoise = (bytes: Uint8Array, relative: number, rand: () => number) =>
  mapValues(bytes, (v) => {
    let mean = 0;
    for (const x of v) mean += x / v.length;
    let sq = 0;
    for (const x of v) sq += ((x - mean) * (x - mean)) / v.length;
    const sigma = relative * Math.sqrt(sq);
    return v.map((x) => {
      const g = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
      return x + sigma * g;
    });
  });

/** The element-wise mean of two copies (two grantees colluding). */
export const average = (a: Uint8Array, b: Uint8Array) => {
  const other = new Map(readWeightTensors(b).map((t) => [t.name, t.values]));
  return mapValues(a, (v, name) => {
    const w = other.get(name);
    return w ? v.map((x, i) => (x + (w[i] as number)) / 2) : v;
  });
};

/** A seeded PRNG (mulberry32) for reproducible trials. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
