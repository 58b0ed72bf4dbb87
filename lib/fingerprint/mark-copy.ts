import { markRegion, rangeBytes, type MarkRange } from "./mark-region";
import { markTensor } from "./pattern";
import { readSlotRange, tensorSlots, type TensorSlot } from "./tensor-slots";
import { encodeFloats } from "./weight-file";

/** Bytes of one file of a model from byte `base` on (the whole file when base is 0). */
export type FileWindow = { bytes: Uint8Array; base: number };

/**
 * Marks, in place, every range of `ranges` whose bytes `windows` hold (keyed by the slot's file: null
 * is the weight file, else an external-data location). Returns the number of ranges marked.
 */
export const markRangesInPlace = (
  key: Uint8Array,
  grantId: string,
  ranges: MarkRange[],
  windows: Map<string | null, FileWindow>,
) => {
  let marked = 0;
  for (const range of ranges) {
    const { slot, start, count } = range;
    const bytesAt = rangeBytes(range);
    const window = windows.get(slot.file);
    if (!bytesAt || !window) continue;
    const values = readSlotRange(slot, start, count, window.bytes, window.base);
    if (!values) continue;
    const next = markTensor(key, grantId, { name: slot.name, shape: slot.shape, values, start });
    if (!next) continue;
    encodeFloats(
      next.values,
      slot.dtype,
      window.bytes.subarray(bytesAt.start - window.base, bytesAt.end - window.base),
    );
    marked++;
  }
  return marked;
};

/**
 * A grant's marked copy of a weight file held in memory (tests, measurements, small files): the
 * ranges markRegion picks are marked where they lie, so the copy has the original's layout byte for
 * byte but those ranges; an ONNX tensor stored as float_data is rewritten as raw_data (the model is
 * then re-encoded). External-data files come back in `external` when one of their tensors changed.
 */
export const markCopy = (bytes: Uint8Array, external: Map<string, Uint8Array>, key: Uint8Array, grantId: string) => {
  // Parsed from the copy, so that an ONNX model's raw_data views are the copy's bytes: a re-encode
  // below then carries the marks made in place.
  let out: Uint8Array = Uint8Array.from(bytes);
  const slots: TensorSlot[] = tensorSlots(out);
  // The region is the original's, whichever external files are given (the tracer derives the same).
  const ranges = markRegion(slots).filter((r) => r.slot.file === null || external.has(r.slot.file));
  const windows = new Map<string | null, FileWindow>();
  windows.set(null, { bytes: out, base: 0 });
  for (const location of new Set(ranges.flatMap((r) => (r.slot.file === null ? [] : [r.slot.file]))))
    windows.set(location, { bytes: Uint8Array.from(external.get(location) as Uint8Array), base: 0 });
  let marked = markRangesInPlace(key, grantId, ranges, windows);
  // Tensors without raw bytes: decoded, marked, and the model re-encoded (offsets then move, so last).
  for (const { slot, start, count } of ranges) {
    if (slot.offset !== null || !slot.replace) continue;
    const all = slot.inline?.();
    if (!all) continue;
    const next = markTensor(key, grantId, {
      name: slot.name,
      shape: slot.shape,
      values: all.slice(start, start + count),
      start,
    });
    if (!next) continue;
    all.set(next.values, start);
    out = slot.replace(all);
    marked++;
  }
  const changed = new Map<string, Uint8Array>();
  for (const [location, w] of windows) if (location !== null) changed.set(location, w.bytes);
  return { bytes: out, external: changed, marked };
};
