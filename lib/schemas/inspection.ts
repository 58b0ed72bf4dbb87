import { z } from "zod";

/**
 * `ModelFile.inspection`: what the inspect job read from an `.onnx` or `.safetensors` file.
 * Versioned (`kind` + `schemaVersion`) so readers can tell an old shape from a new one; a file
 * that could not be parsed stores `{ kind, schemaVersion, error }` and stays downloadable.
 */
export const INSPECTION_SCHEMA_VERSION = 1 as const;

export const INSPECTABLE_KINDS = ["onnx", "safetensors"] as const;
export const ZInspectionKind = z.enum(INSPECTABLE_KINDS);
export type TInspectionKind = z.infer<typeof ZInspectionKind>;

/** A dimension: a size, a symbolic name (`batch`), or null when the model leaves it unknown. */
export const ZDim = z.union([z.number().int(), z.string(), z.null()]);

/** A graph input or output. `shape` null: the model declares no shape (rank unknown). */
export const ZOnnxValue = z.object({
  name: z.string(),
  /** `float32`, `int64`, … for tensors; `sequence<float32>`, `map<string,float32>`, `optional<…>` otherwise. */
  type: z.string(),
  shape: z.array(ZDim).nullable(),
});
export type TOnnxValue = z.infer<typeof ZOnnxValue>;

export const ZOnnxInspection = z.object({
  kind: z.literal("onnx"),
  schemaVersion: z.literal(INSPECTION_SCHEMA_VERSION),
  irVersion: z.number().int().nonnegative(),
  producer: z.object({ name: z.string(), version: z.string() }),
  /** `domain` "" is the default ONNX operator set (ai.onnx). */
  opsets: z.array(z.object({ domain: z.string(), version: z.number().int() })),
  /** Real inputs only: initializers listed as inputs (IR < 4 models) are left out. */
  inputs: z.array(ZOnnxValue),
  outputs: z.array(ZOnnxValue),
  /** Elements of every stored tensor: initializers (external ones from their dims) and Constant nodes, subgraphs included. */
  parameterCount: z.number().int().nonnegative(),
  /** Files named by `data_location = EXTERNAL` tensors, relative to the .onnx file. */
  externalDataFiles: z.array(z.string()),
  /** Nodes of the main graph and of every subgraph (If, Loop, Scan bodies). */
  nodeCount: z.number().int().nonnegative(),
  /** Operators used, sorted; `domain.Op` for operators outside the default domain. */
  opTypes: z.array(z.string()),
  /** `metadata_props` (values cut at 4 KiB). */
  metadata: z.record(z.string(), z.string()),
});
export type TOnnxInspection = z.infer<typeof ZOnnxInspection>;

export const ZSafetensorsTensor = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
});

export const ZSafetensorsInspection = z.object({
  kind: z.literal("safetensors"),
  schemaVersion: z.literal(INSPECTION_SCHEMA_VERSION),
  headerBytes: z.number().int().nonnegative(),
  tensorCount: z.number().int().nonnegative(),
  /** dtype → number of tensors of that dtype. */
  dtypes: z.record(z.string(), z.number().int().nonnegative()),
  parameterCount: z.number().int().nonnegative(),
  /** The header's `__metadata__` (string → string), null when absent. */
  metadata: z.record(z.string(), z.string()).nullable(),
  /** Sorted by name; at most MAX_LISTED_TENSORS, `tensorsTruncated` when there were more. */
  tensors: z.array(ZSafetensorsTensor),
  tensorsTruncated: z.boolean(),
});
export type TSafetensorsInspection = z.infer<typeof ZSafetensorsInspection>;

/** The file was read but is not a valid file of its kind (the reason, for the admin). */
export const ZInspectionFailure = z.object({
  kind: ZInspectionKind,
  schemaVersion: z.literal(INSPECTION_SCHEMA_VERSION),
  error: z.string().min(1),
});
export type TInspectionFailure = z.infer<typeof ZInspectionFailure>;

export const ZFileInspection = z.union([ZOnnxInspection, ZSafetensorsInspection, ZInspectionFailure]);
export type TFileInspection = z.infer<typeof ZFileInspection>;

/** Which parser a file gets, by its extension; null for files that are not inspected. */
export const inspectionKindOf = (path: string): TInspectionKind | null => {
  const lower = path.toLowerCase();
  if (lower.endsWith(".onnx")) return "onnx";
  if (lower.endsWith(".safetensors")) return "safetensors";
  return null;
};
