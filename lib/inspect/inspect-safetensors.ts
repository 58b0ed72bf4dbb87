import { z } from "zod";
import {
  INSPECTION_SCHEMA_VERSION,
  ZSafetensorsInspection,
  type TSafetensorsInspection,
} from "@/lib/schemas/inspection";
import { InspectionError } from "./inspection-error";

/** The reference implementation's limit (safetensors' MAX_HEADER_SIZE): anything larger is refused, not allocated. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;
/** Tensors listed in the stored inspection; the counts and totals always cover all of them. */
export const MAX_LISTED_TENSORS = 5000;
/** First read: most headers fit, so most files need a single ranged request. */
const FIRST_READ_BYTES = 64 * 1024;

/** Bytes of the file from `start` to `end` inclusive (an HTTP Range), e.g. from S3. */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

const bytesPerElement: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
  C64: 8,
};

const ZEntry = z.object({
  dtype: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
const ZMetadata = z.record(z.string(), z.string());

const fail = (message: string): never => {
  throw new InspectionError(message);
};

/** Parses the JSON header (pure). `dataBytes` is what follows the header, to check offsets against. */
export const parseSafetensorsHeader = (header: Uint8Array, dataBytes: number): TSafetensorsInspection => {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(header));
  } catch {
    return fail("the header is not valid UTF-8 JSON");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return fail("the header is not a JSON object");

  let metadata: Record<string, string> | null = null;
  const tensors: { name: string; dtype: string; shape: number[] }[] = [];
  const dtypes: Record<string, number> = {};
  let parameterCount = 0;
  for (const [name, value] of Object.entries(json)) {
    if (name === "__metadata__") {
      const parsed = ZMetadata.safeParse(value);
      metadata = parsed.success ? parsed.data : fail("__metadata__ must map strings to strings");
      continue;
    }
    const entry = ZEntry.safeParse(value);
    if (!entry.success) return fail(`tensor "${name}": needs dtype, shape and data_offsets [begin, end]`);
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = entry.data;
    if (begin > end || end > dataBytes)
      return fail(`tensor "${name}": data_offsets [${begin}, ${end}] lie outside the ${dataBytes} data bytes`);
    const elements = shape.reduce((n, d) => n * d, 1);
    const width = bytesPerElement[dtype];
    if (width !== undefined && elements * width !== end - begin)
      return fail(
        `tensor "${name}": ${end - begin} bytes for shape [${shape.join(", ")}] of ${dtype} (expected ${elements * width})`,
      );
    tensors.push({ name, dtype, shape });
    dtypes[dtype] = (dtypes[dtype] ?? 0) + 1;
    parameterCount += elements;
  }
  tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ZSafetensorsInspection.parse({
    kind: "safetensors",
    schemaVersion: INSPECTION_SCHEMA_VERSION,
    headerBytes: header.byteLength,
    tensorCount: tensors.length,
    dtypes,
    parameterCount,
    metadata,
    tensors: tensors.slice(0, MAX_LISTED_TENSORS),
    tensorsTruncated: tensors.length > MAX_LISTED_TENSORS,
  });
};

/**
 * Reads a safetensors file's header only (8-byte little-endian length, then that much JSON) through
 * ranged reads: never the tensor data. An absurd length is refused before anything is allocated.
 * Throws InspectionError for a file that is not safetensors; the reader's own errors pass through.
 */
export const inspectSafetensors = async ({
  size,
  read,
}: {
  size: number;
  read: RangeReader;
}): Promise<TSafetensorsInspection> => {
  if (size < 8) return fail(`the file is ${size} bytes, too short for the 8-byte header length`);
  const first = await read(0, Math.min(size, FIRST_READ_BYTES) - 1);
  if (first.byteLength < 8) return fail("could not read the 8-byte header length");
  const length = new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
  if (length === 0n) return fail("the header length is 0");
  if (length > BigInt(SAFETENSORS_MAX_HEADER_BYTES))
    return fail(`the header length ${length} exceeds the ${SAFETENSORS_MAX_HEADER_BYTES}-byte limit`);
  const n = Number(length);
  if (8 + n > size) return fail(`the header length ${n} runs past the end of the ${size}-byte file`);
  const header = 8 + n <= first.byteLength ? first.subarray(8, 8 + n) : await read(8, 8 + n - 1);
  if (header.byteLength !== n) return fail(`read ${header.byteLength} header bytes, expected ${n}`);
  return parseSafetensorsHeader(header, size - 8 - n);
};

/** The same over bytes in memory (the seed, tests). */
export const inspectSafetensorsBytes = (bytes: Uint8Array) =>
  inspectSafetensors({ size: bytes.byteLength, read: async (start, end) => bytes.subarray(start, end + 1) });
