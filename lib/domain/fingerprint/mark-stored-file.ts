import "server-only";
import path from "node:path";
import { markCopy, markRangesInPlace } from "@/lib/fingerprint/mark-copy";
import { markRegion, type MarkRange } from "@/lib/fingerprint/mark-region";
import { onnxTensorSlots } from "@/lib/fingerprint/tensor-slots";
import { getObjectBytes } from "@/lib/storage/get-object-bytes";
import { getObjectRange } from "@/lib/storage/get-object-range";
import { storedObjectSize } from "@/lib/storage/multipart";
import { putObject } from "@/lib/storage/put-object";
import { putPatchedCopy } from "@/lib/storage/put-patched-copy";
import { copyStorageKey } from "./fingerprint-key";
import { spanOf, storedSafetensorsSlots } from "./stored-weights";

export type StoredFile = { id: string; path: string; storageKey: string };
export type StoredCopy = { storageKey: string; size: number; sha256: string };

/** A prefix shorter than this is read and re-uploaded rather than copied in the store (S3's smallest part). */
const MIN_COPIED_PREFIX = 5 * 2 ** 20;

const sizeOf = async (key: string) => {
  const size = await storedObjectSize(key);
  if (size === null) throw new Error(`${key} is missing from the store`);
  return size;
};

/**
 * The grant's copy of one stored object holding `ranges` (all in it; `file` is their slot's file key):
 * only the tail from the first marked byte is read (or taken from `whole`), marked and uploaded; the
 * rest is copied inside the store. Null when nothing in it is marked.
 */
const markObject = async (
  o: { file: StoredFile; size: number; ranges: MarkRange[]; fileKey: string | null; whole?: Uint8Array },
  key: Uint8Array,
  grantId: string,
): Promise<StoredCopy | null> => {
  const span = spanOf(o.ranges, o.size);
  if (!span) return null;
  const tailStart = span.start < MIN_COPIED_PREFIX ? 0 : span.start;
  const tail = o.whole
    ? Uint8Array.from(o.whole.subarray(tailStart))
    : await getObjectRange({ key: o.file.storageKey, start: tailStart, end: o.size - 1 });
  const windows = new Map([[o.fileKey, { bytes: tail, base: tailStart }]]);
  if (!markRangesInPlace(key, grantId, o.ranges, windows)) return null;
  const storageKey = copyStorageKey(grantId, o.file.storageKey);
  const stored = await putPatchedCopy({ sourceKey: o.file.storageKey, size: o.size, key: storageKey, tailStart, tail });
  return { storageKey, ...stored };
};

/**
 * Stores the grant's marked copies of a weight file (and of an ONNX model's external-data files that
 * `external` resolves, by location): file id → copy. Throws WeightFormatError for unreadable tensors.
 */
export const markStoredFile = async (
  f: StoredFile & { kind: "onnx" | "safetensors" },
  external: (location: string) => StoredFile | null,
  key: Uint8Array,
  grantId: string,
) => {
  const out = new Map<string, StoredCopy>();
  if (f.kind === "safetensors") {
    const size = await sizeOf(f.storageKey);
    const ranges = markRegion(await storedSafetensorsSlots(f.storageKey, size));
    const copy = await markObject({ file: f, size, ranges, fileKey: null }, key, grantId);
    if (copy) out.set(f.id, copy);
    return out;
  }
  // An ONNX protobuf is parsed whole; its external-data files are read from the first marked byte on.
  const got = await getObjectBytes({ key: f.storageKey, maxBytes: Number.MAX_SAFE_INTEGER });
  if (!got.bytes) throw new Error(`${f.storageKey} could not be read`);
  const bytes = got.bytes;
  const ranges = markRegion(onnxTensorSlots(bytes));
  const inline = ranges.filter((r) => r.slot.file === null);
  if (inline.some((r) => r.slot.offset === null)) {
    // float_data tensors: the model is re-encoded (its layout changes), so it is stored whole.
    const marked = markCopy(bytes, new Map(), key, grantId);
    if (marked.marked) {
      const storageKey = copyStorageKey(grantId, f.storageKey);
      out.set(f.id, {
        storageKey,
        ...(await putObject({ key: storageKey, body: marked.bytes, contentType: "application/octet-stream" })),
      });
    }
  } else if (inline.length) {
    const copy = await markObject(
      { file: f, size: bytes.byteLength, ranges: inline, fileKey: null, whole: bytes },
      key,
      grantId,
    );
    if (copy) out.set(f.id, copy);
  }
  for (const location of new Set(ranges.flatMap((r) => (r.slot.file === null ? [] : [r.slot.file])))) {
    const ext = external(location);
    if (!ext) continue;
    const size = await sizeOf(ext.storageKey);
    const mine = ranges.filter((r) => r.slot.file === location);
    const copy = await markObject({ file: ext, size, ranges: mine, fileKey: location }, key, grantId);
    if (copy) out.set(ext.id, copy);
  }
  return out;
};

/** The version file an ONNX model's external-data location names (relative to the model's folder). */
export const externalPath = (modelPath: string, location: string) =>
  path.posix.join(path.posix.dirname(modelPath), location);
