import "server-only";
import { rangeBytes, type MarkRange } from "@/lib/fingerprint/mark-region";
import type { OriginalRange } from "@/lib/fingerprint/match-tensors";
import { readSlotRange, safetensorsSlots } from "@/lib/fingerprint/tensor-slots";
import { safetensorsHeaderSize, WeightFormatError } from "@/lib/fingerprint/weight-file";
import { getObjectRange } from "@/lib/storage/get-object-range";

/** A safetensors header above this is not a weight file we read (the format's own limit is 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/** The tensors of a stored safetensors file, from its header alone (two ranged GETs). */
export const storedSafetensorsSlots = async (key: string, size: number) => {
  if (size < 10) throw new WeightFormatError("too short for safetensors");
  const headerSize = safetensorsHeaderSize(await getObjectRange({ key, start: 0, end: 7 }));
  if (headerSize > size || headerSize > MAX_HEADER_BYTES)
    throw new WeightFormatError("the safetensors header is cut short");
  const header = await getObjectRange({ key, start: 0, end: headerSize - 1 });
  if (header[8] !== 0x7b) throw new WeightFormatError("the safetensors header is not JSON");
  return safetensorsSlots(header, size);
};

/** The byte span [start, end) covering the given ranges (all in one file), or null when none has raw bytes. */
export const spanOf = (ranges: MarkRange[], size: number) => {
  const spans = ranges.flatMap((r) => {
    const b = rangeBytes(r);
    return b ? [b] : [];
  });
  if (!spans.length) return null;
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  if (end > size) throw new WeightFormatError("a tensor's data lies past the end of its file");
  return { start, end };
};

/** The original values of ranges lying in one stored object: one ranged GET over their span. */
export const readStoredRanges = async (key: string, size: number, ranges: MarkRange[]): Promise<OriginalRange[]> => {
  const span = spanOf(ranges, size);
  if (!span) return [];
  const bytes = await getObjectRange({ key, start: span.start, end: span.end - 1 });
  return ranges.flatMap((r) => {
    const values = readSlotRange(r.slot, r.start, r.count, bytes, span.start);
    return values ? [{ ...r, values }] : [];
  });
};
