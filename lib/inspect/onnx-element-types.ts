/** ONNX `TensorProto.DataType` numbers → the names numpy and onnxruntime-web use. */
const names: Record<number, string> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
  17: "float8e4m3fn",
  18: "float8e4m3fnuz",
  19: "float8e5m2",
  20: "float8e5m2fnuz",
  21: "uint4",
  22: "int4",
  23: "float4e2m1",
};

/** `float32` for 1; newer types this table lacks read as `type<N>` rather than failing. */
export const onnxElementTypeName = (dataType: number | null | undefined) =>
  dataType ? (names[dataType] ?? `type<${dataType}>`) : "undefined";
