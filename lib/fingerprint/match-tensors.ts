import type { TensorPair } from "./detect";
import { markRegion, type MarkRange } from "./mark-region";
import { readSlotRange, tensorSlots, type TensorSlot } from "./tensor-slots";

/** The original's marked ranges with their values (what the tracer reads of the original). */
export type OriginalRange = MarkRange & { values: Float32Array };

/** A weight file's tensors and a way to read any range of them (a suspect file, in memory). */
export type SlotReader = {
  slots: TensorSlot[];
  read: (slot: TensorSlot, start: number, count: number) => Float32Array | null;
};

/** Reads the tensors of a weight file held in memory, with its external-data files by location. */
export const memoryReader = (bytes: Uint8Array, external = new Map<string, Uint8Array>()): SlotReader => ({
  slots: tensorSlots(bytes),
  read: (slot, start, count) => readSlotRange(slot, start, count, slot.file === null ? bytes : external.get(slot.file)),
});

/** The marked ranges of an original held in memory, with their values. */
export const originalRegion = (original: SlotReader): OriginalRange[] =>
  markRegion(original.slots).flatMap((r) => {
    const values = original.read(r.slot, r.start, r.count);
    return values ? [{ ...r, values }] : [];
  });

/**
 * Pairs the original's marked ranges with the same elements of the suspect's tensor of the same name
 * and shape, so the order in the file, inline versus external data and the stored float width do
 * not matter. Only those ranges are decoded on either side.
 */
export const matchRegion = (original: OriginalRange[], suspect: SlotReader): TensorPair[] => {
  const byName = new Map(suspect.slots.map((s) => [s.name, s]));
  const pairs: TensorPair[] = [];
  for (const o of original) {
    const s = byName.get(o.slot.name);
    const shape = o.slot.shape;
    if (!s || s.shape.length !== shape.length || s.shape.some((d, i) => d !== shape[i])) continue;
    const values = suspect.read(s, o.start, o.count);
    if (values) pairs.push({ name: o.slot.name, shape, start: o.start, original: o.values, suspect: values });
  }
  return pairs;
};

/** Both files in memory: the pairs the tracer scores. */
export const matchFiles = (
  original: Uint8Array,
  suspect: Uint8Array,
  originalExternal = new Map<string, Uint8Array>(),
  suspectExternal = new Map<string, Uint8Array>(),
) => matchRegion(originalRegion(memoryReader(original, originalExternal)), memoryReader(suspect, suspectExternal));
