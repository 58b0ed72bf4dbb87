import { isMarkable, MIN_MARKED_ELEMENTS } from "./pattern";
import type { TensorSlot } from "./tensor-slots";
import { width } from "./weight-file";

/**
 * Bytes of tensor data each copy marks: the last MARK_REGION_BYTES of markable tensors, in file
 * order. A bounded region keeps a copy of a large file cheap (only that region is read, marked and
 * written; the rest is a server-side copy of the original) and its hash cheap (the unchanged prefix
 * is hashed once, lib/storage/prefix-hash.ts). 4 MiB of F32 is 1 Mi elements, half of them marked:
 * a z-score of about 720 for an exact copy, where 6 names a grant. Every model of up to 4 MiB of
 * markable weights (the seeded char-LM, PP-OCR's classifier, Silero VAD) is marked whole.
 * Part of the mark's definition: the tracer derives the same region from the original, so changing
 * it makes copies made before untraceable.
 */
export const MARK_REGION_BYTES = 4 * 2 ** 20;

/** Elements [start, start + count) of one tensor that carry the mark. */
export type MarkRange = { slot: TensorSlot; start: number; count: number };

/** The ranges a copy marks, in file order: whole tensors from the end, the first of them possibly cut. */
export const markRegion = (slots: TensorSlot[], budget = MARK_REGION_BYTES): MarkRange[] => {
  const out: MarkRange[] = [];
  let left = budget;
  for (let i = slots.length - 1; i >= 0 && left > 0; i--) {
    const slot = slots[i] as TensorSlot;
    if (!isMarkable(slot.shape)) continue;
    const take = Math.min(slot.count, Math.floor(left / width[slot.dtype]));
    if (take < MIN_MARKED_ELEMENTS) break;
    out.push({ slot, start: slot.count - take, count: take });
    left -= take * width[slot.dtype];
  }
  return out.reverse();
};

/** The byte range [start, end) a mark range occupies in its file, or null when it is not raw bytes. */
export const rangeBytes = ({ slot, start, count }: MarkRange) =>
  slot.offset === null
    ? null
    : {
        start: slot.offset + start * width[slot.dtype],
        end: slot.offset + (start + count) * width[slot.dtype],
      };
