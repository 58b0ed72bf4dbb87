// Inputs for any ONNX model, built from its inspection: random tensors of the declared shapes
// (symbolic dimensions filled in by the user), or the user's own JSON. Plain data, so a feed can
// be posted to the worker, which turns it into ORT tensors.
import type { TOnnxValue } from "@/lib/schemas/inspection";
import { createPrng } from "./char-lm";

/** Element types the generic widget can fill; others (strings, float16, sequences…) need a task widget. */
export const FEEDABLE_TYPES = ["float32", "float64", "int32", "int64", "uint8", "int8", "bool"] as const;
export type FeedType = (typeof FEEDABLE_TYPES)[number];
export type Feed = { name: string; type: FeedType; dims: number[]; data: number[] };
/** A feed as ORT takes it, in the typed array of its element type (bool as 0/1 bytes). */
export type PackedFeed = Omit<Feed, "data"> & {
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;
};

const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  int8: Int8Array,
} as const;

const typedArray = (type: FeedType, data: number[]): PackedFeed["data"] => {
  if (type === "int64") return BigInt64Array.from(data, (x) => BigInt(x));
  if (type === "bool") return Uint8Array.from(data, (x) => (x ? 1 : 0));
  return ARRAYS[type].from(data);
};

/**
 * Feeds in typed arrays, and their buffers to transfer to the worker: posting a typed array's buffer
 * moves it, where a `number[]` is copied value by value (and converted again on the other side).
 */
export const packFeeds = (feeds: Feed[]) => {
  const packed = feeds.map(({ data, ...f }): PackedFeed => ({ ...f, data: typedArray(f.type, data) }));
  return { feeds: packed, transfer: packed.map((f) => f.data.buffer as ArrayBuffer) };
};

const isFeedable = (t: string): t is FeedType => (FEEDABLE_TYPES as readonly string[]).includes(t);

type Dim = TOnnxValue["shape"] extends (infer D)[] | null ? D : never;
/** A dimension the model fixes; exporters write unknown ones as a name, nothing, or -1. */
const isFixed = (d: Dim): d is number => typeof d === "number" && d > 0;
const dimName = (v: TOnnxValue, d: Dim, i: number) => (typeof d === "string" ? d : `${v.name}[${i}]`);

/** Names of the dimensions the user must choose (symbolic or unknown), per input, in order. */
export const freeDims = (inputs: TOnnxValue[]) => {
  const out: string[] = [];
  inputs.forEach((v) =>
    (v.shape ?? []).forEach((d, i) => !isFixed(d) && !out.includes(dimName(v, d, i)) && out.push(dimName(v, d, i))),
  );
  return out;
};

const randomValue = (type: FeedType, random: () => number) => {
  if (type === "bool") return random() < 0.5 ? 0 : 1;
  if (type === "float32" || type === "float64") return Math.round((random() * 2 - 1) * 1e4) / 1e4;
  if (type === "uint8") return Math.floor(random() * 256);
  if (type === "int8") return Math.floor(random() * 256) - 128;
  return Math.floor(random() * 10);
};

/** Random inputs of the declared shapes; `sizes` gives each free dimension (default 1). */
export const randomFeeds = (inputs: TOnnxValue[], sizes: Record<string, number>, seed = 1): Feed[] => {
  const random = createPrng(seed);
  return inputs.map((v) => {
    if (!isFeedable(v.type)) throw new Error(`Input ${v.name} is ${v.type}; give it as JSON or use a task widget.`);
    if (v.shape === null) throw new Error(`Input ${v.name} declares no shape; give it as JSON.`);
    const dims = v.shape.map((d, i) => (isFixed(d) ? d : Math.max(1, Math.floor(sizes[dimName(v, d, i)] ?? 1))));
    const count = dims.reduce((a, b) => a * b, 1);
    if (count > 4_000_000) throw new Error(`Input ${v.name} would hold ${count} values; choose smaller dimensions.`);
    return {
      name: v.name,
      type: v.type,
      dims,
      data: Array.from({ length: count }, () => randomValue(v.type as FeedType, random)),
    };
  });
};

/** The shape of a nested array (rectangular) and its values in row-major order. */
const flatten = (value: unknown, name: string): { dims: number[]; data: number[] } => {
  if (typeof value === "number" || typeof value === "boolean") return { dims: [], data: [Number(value)] };
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`${name}: expected a number or a non-empty nested array of numbers.`);
  const parts = value.map((v, i) => flatten(v, `${name}[${i}]`));
  const inner = parts[0]!.dims;
  if (parts.some((p) => p.dims.join(",") !== inner.join(",")))
    throw new Error(`${name}: the nested arrays are not all the same shape.`);
  return { dims: [value.length, ...inner], data: parts.flatMap((p) => p.data) };
};

/**
 * `{ "<input>": nested array | number, … }` for every input, checked against the declared rank,
 * fixed dimensions and element type.
 */
export const jsonFeeds = (inputs: TOnnxValue[], text: string): Feed[] => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("The input is not valid JSON.");
  }
  if (!json || typeof json !== "object" || Array.isArray(json))
    throw new Error('Give an object with one entry per input, e.g. { "input": [[1, 2, 3]] }.');
  const given = json as Record<string, unknown>;
  return inputs.map((v) => {
    if (!isFeedable(v.type)) throw new Error(`Input ${v.name} is ${v.type}, which this widget cannot build.`);
    if (!(v.name in given)) throw new Error(`Missing input "${v.name}".`);
    const { dims, data } = flatten(given[v.name], v.name);
    if (v.shape && (v.shape.length !== dims.length || v.shape.some((d, i) => isFixed(d) && d !== dims[i])))
      throw new Error(
        `${v.name}: shape [${dims.join(", ")}] does not fit the declared [${v.shape.map((d) => d ?? "?").join(", ")}].`,
      );
    if (data.some((x) => !Number.isFinite(x))) throw new Error(`${v.name}: every value must be a finite number.`);
    if (v.type !== "float32" && v.type !== "float64" && data.some((x) => !Number.isInteger(x)))
      throw new Error(`${v.name}: ${v.type} takes whole numbers.`);
    return { name: v.name, type: v.type, dims, data };
  });
};
