import onnxProto from "onnx-proto";
import {
  decodeFloats,
  encodeFloats,
  decodeOnnx,
  isSafetensors,
  onnxSlots,
  readOnnxSlot,
  safetensorsEntries,
  width,
  type FloatDtype,
} from "./weight-file";

// onnx-proto is CommonJS: only the default import works under Node's ESM loader (see lib/inspect).
const { onnx } = onnxProto;

/**
 * A float tensor of a weight file and where its bytes are, without its values: `file` is the ONNX
 * external-data location holding it (null: the weight file itself) and `offset` the byte offset of
 * its first element there, or null when it is not stored as raw bytes (ONNX float_data), in which
 * case `inline` decodes it from the parsed model.
 */
export type TensorSlot = {
  name: string;
  shape: number[];
  dtype: FloatDtype;
  count: number;
  file: string | null;
  offset: number | null;
  inline?: () => Float32Array | null;
  /** For a tensor with a null offset: stores `values` as its raw_data and returns the re-encoded model. */
  replace?: (values: Float32Array) => Uint8Array;
};

const countOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A safetensors file's tensors in file order, from its header (the first bytes of the file). */
export const safetensorsSlots = (header: Uint8Array, fileSize: number): TensorSlot[] =>
  safetensorsEntries(header, fileSize)
    .sort((a, b) => a.begin - b.begin)
    .map((e) => ({
      name: e.name,
      shape: e.shape,
      dtype: e.dtype,
      count: countOf(e.shape),
      file: null,
      offset: e.begin,
    }));

/**
 * An ONNX model's float tensors in graph order. Inline raw_data is located by its place in `bytes`
 * (protobufjs decodes bytes fields as views of its input); external data by its offset.
 */
export const onnxTensorSlots = (bytes: Uint8Array): TensorSlot[] => {
  const model = decodeOnnx(bytes);
  return onnxSlots(model).map((slot) => {
    const base = { name: slot.name, shape: slot.shape, dtype: slot.dtype, count: countOf(slot.shape) };
    if (slot.external) return { ...base, file: slot.external.location, offset: slot.external.offset };
    const raw = slot.tensor.rawData;
    const view = raw?.byteLength && raw.buffer === bytes.buffer && raw.byteLength >= base.count * width[slot.dtype];
    return {
      ...base,
      file: null,
      offset: view ? raw.byteOffset - bytes.byteOffset : null,
      inline: () => readOnnxSlot(slot, new Map()),
      replace: (values: Float32Array) => {
        const raw = new Uint8Array(values.length * width[slot.dtype]);
        encodeFloats(values, slot.dtype, raw);
        // One representation per tensor: raw_data, whatever the original used.
        slot.tensor.rawData = raw;
        slot.tensor.floatData = [];
        slot.tensor.int32Data = [];
        return onnx.ModelProto.encode(model).finish();
      },
    };
  });
};

/** The tensors of a whole weight file in memory, safetensors or ONNX. */
export const tensorSlots = (bytes: Uint8Array) =>
  isSafetensors(bytes) ? safetensorsSlots(bytes, bytes.byteLength) : onnxTensorSlots(bytes);

/**
 * Elements [start, start + count) of a tensor as fp32, from `source`, which holds the bytes of the
 * tensor's file from byte `sourceBase` on. Null when the bytes are not there.
 */
export const readSlotRange = (
  slot: TensorSlot,
  start: number,
  count: number,
  source: Uint8Array | undefined,
  sourceBase = 0,
) => {
  if (slot.offset === null) return slot.inline?.()?.slice(start, start + count) ?? null;
  if (!source) return null;
  const w = width[slot.dtype];
  const from = slot.offset + start * w - sourceBase;
  if (from < 0 || from + count * w > source.byteLength) return null;
  return decodeFloats(source.subarray(from, from + count * w), slot.dtype, count);
};
