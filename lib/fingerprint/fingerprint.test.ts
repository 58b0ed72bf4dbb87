import { randomBytes } from "node:crypto";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import { average, castBf16, castF16, prng, reorder, toExternalData, writeSafetensors } from "./attacks";
import { ATTRIBUTION_P_LIMIT, scoreGrants } from "./detect";
import { markCopy } from "./mark-copy";
import { markRegion } from "./mark-region";
import { matchFiles } from "./match-tensors";
import { isMarkable, MARK_STRENGTH, markSign, markStream, markTensor, tensorStats } from "./pattern";
import { tensorSlots } from "./tensor-slots";
import { readWeightTensors, type WeightTensor } from "./weight-file";

const { onnx } = onnxProto;
const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);

const gaussian = (n: number, seed: number, scale = 1) => {
  const r = prng(seed);
  return Float32Array.from(
    { length: n },
    () => scale * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()),
  );
};

const tensors = (): WeightTensor[] => [
  { name: "embed.weight", dtype: "F32", shape: [40, 16], values: gaussian(640, 1, 0.3) },
  { name: "fc1.weight", dtype: "F32", shape: [64, 32], values: gaussian(2048, 2, 0.05) },
  { name: "fc1.bias", dtype: "F32", shape: [32], values: gaussian(32, 3) },
];

/** An ONNX model with the same tensors as initializers (the first stored as float_data, the rest as raw_data). */
const onnxModel = () =>
  onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "g",
      initializer: tensors().map((t, i) => ({
        name: t.name,
        dims: t.shape,
        dataType: onnx.TensorProto.DataType.FLOAT,
        ...(i === 0 ? { floatData: Array.from(t.values) } : { rawData: new Uint8Array(t.values.buffer.slice(0)) }),
      })),
    },
  }).finish();

const mark = (bytes: Uint8Array, grantId: string, external = new Map<string, Uint8Array>()) =>
  markCopy(bytes, external, key, grantId);

const trace = (
  original: Uint8Array,
  suspect: Uint8Array,
  grants: string[],
  ext = new Map<string, Uint8Array>(),
  originalExt = new Map<string, Uint8Array>(),
) => scoreGrants(key, grants, matchFiles(original, suspect, originalExt, ext));

const grants = ["grant-a", "grant-b", "grant-c", "grant-d"];

describe("mark positions and signs", () => {
  it("are the same for the same key, grant and tensor, and differ when any of them changes", () => {
    const a = markStream(key, "g1", "w", 4096);
    expect(markStream(key, "g1", "w", 4096)).toEqual(a);
    for (const other of [
      markStream(key, "g2", "w", 4096),
      markStream(key, "g1", "v", 4096),
      markStream(otherKey, "g1", "w", 4096),
    ])
      expect(Buffer.from(other).equals(Buffer.from(a))).toBe(false);
    const signs: number[] = Array.from(a, markSign);
    const marked = signs.filter((s) => s !== 0).length;
    // About half the elements, split evenly between the two signs.
    expect(marked).toBeGreaterThan(4096 * 0.45);
    expect(marked).toBeLessThan(4096 * 0.55);
    expect(Math.abs(signs.reduce((x, y) => x + y, 0))).toBeLessThan(200);
  });

  it("are per tensor element: a range read from the middle of the stream is that part of the whole stream", () => {
    const whole = markStream(key, "g1", "w", 5000);
    for (const [start, count] of [
      [0, 10],
      [1, 16],
      [37, 1000],
      [4096, 904],
    ] as const)
      expect(markStream(key, "g1", "w", count, start)).toEqual(whole.subarray(start, start + count));
  });

  it("leave convolution kernels with few weights per output channel alone, but mark matrices of any layout", () => {
    expect(isMarkable([8, 1, 3, 3])).toBe(false); // depthwise
    expect(isMarkable([8, 3, 3, 3])).toBe(false); // first layer over RGB: 27 weights per channel
    expect(isMarkable([88, 16, 1, 1])).toBe(false);
    expect(isMarkable([22, 88, 1, 1])).toBe(true);
    expect(isMarkable([128, 65, 3])).toBe(true);
    expect(isMarkable([200, 2])).toBe(true);
    expect(isMarkable([49, 16])).toBe(true);
  });

  it("move each element by at most the strength × the tensor's std, and leave small tensors and vectors alone", () => {
    const values = gaussian(5000, 9, 0.2);
    const marked = markTensor(key, "g1", { name: "w", values, shape: [50, 100] })!;
    const bound = MARK_STRENGTH * tensorStats(values).std;
    let changed = 0;
    for (let i = 0; i < values.length; i++) {
      const d = Math.abs((marked.values[i] as number) - (values[i] as number));
      expect(d).toBeLessThanOrEqual(bound * 1.0001);
      if (d > 0) changed++;
    }
    expect(changed).toBeGreaterThan(2000);
    expect(markTensor(key, "g1", { name: "b", values: gaussian(32, 1), shape: [4, 8] })).toBeNull();
    // A vector (bias, batch-norm statistics) however long, or a matrix with one real dimension.
    expect(markTensor(key, "g1", { name: "v", values, shape: [5000] })).toBeNull();
    expect(markTensor(key, "g1", { name: "v", values, shape: [1, 5000, 1] })).toBeNull();
  });
});

describe("marking and tracing weight files", () => {
  it.each([
    ["ONNX", onnxModel],
    ["safetensors", () => writeSafetensors(tensors())],
  ])(
    "%s: copies differ per grant, each traces to its own grant only, through re-serialisation and casts",
    (_, make) => {
      const original = make();
      const a = mark(original, "grant-a").bytes;
      const b = mark(original, "grant-b").bytes;
      expect(Buffer.from(a).equals(Buffer.from(original))).toBe(false);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
      // Same tensors, names and shapes as before.
      expect(readWeightTensors(a).map((t) => [t.name, t.shape])).toEqual(
        readWeightTensors(original).map((t) => [t.name, t.shape]),
      );

      for (const suspect of [a, reorder(a), castF16(a), castBf16(a)]) {
        const [best, second] = trace(original, suspect, grants);
        expect(best!.grantId).toBe("grant-a");
        expect(best!.pFamily).toBeLessThan(ATTRIBUTION_P_LIMIT);
        expect(second!.pFamily).toBeGreaterThan(ATTRIBUTION_P_LIMIT);
      }
      // The unmarked original and unrelated weights name no grant.
      for (const suspect of [
        original,
        writeSafetensors(tensors().map((t, i) => ({ ...t, values: gaussian(t.values.length, 50 + i) }))),
      ])
        expect(trace(original, suspect, grants).every((s) => s.pFamily > ATTRIBUTION_P_LIMIT)).toBe(true);
      // Two copies averaged: both colluders still show.
      const both = trace(original, average(a, b), grants).filter((s) => s.pFamily < ATTRIBUTION_P_LIMIT);
      expect(both.map((s) => s.grantId).sort()).toEqual(["grant-a", "grant-b"]);
    },
  );

  it("ONNX with external data: the external file is marked, and a copy moved to external data still traces", () => {
    const original = onnxModel();
    const { onnx: graph, external } = toExternalData(original);
    const copy = mark(graph, "grant-c", external);
    expect(copy.marked).toBe(2);
    expect(Buffer.from(copy.bytes).equals(Buffer.from(graph))).toBe(true); // the graph holds no weights: unchanged
    const [best] = trace(graph, graph, grants.slice(0, 1), external);
    expect(best!.z).toBe(0);
    const suspect = trace(original, graph, grants, copy.external);
    expect(suspect[0]!.grantId).toBe("grant-c");
    expect(suspect[0]!.pFamily).toBeLessThan(ATTRIBUTION_P_LIMIT);
    // And the other way round: an inline copy moved to external data by the leaker.
    const moved = toExternalData(mark(original, "grant-d").bytes);
    expect(trace(original, moved.onnx, grants, moved.external)[0]!.grantId).toBe("grant-d");
  });

  it("a file larger than the mark region: only its last markable bytes change, and the copy still traces", () => {
    const big: WeightTensor[] = [
      { name: "a.weight", dtype: "F32", shape: [64, 64], values: gaussian(4096, 21, 0.1) },
      { name: "b.weight", dtype: "F32", shape: [64, 64], values: gaussian(4096, 22, 0.1) },
      { name: "c.weight", dtype: "F16", shape: [32, 64], values: gaussian(2048, 23, 0.1) },
      { name: "c.bias", dtype: "F32", shape: [64], values: gaussian(64, 24, 0.1) },
    ];
    const file = writeSafetensors(big);
    const slots = tensorSlots(file);
    // 6 KiB: all of c.weight (4 KiB of F16), then the last 512 elements of b.weight; never the bias.
    const region = markRegion(slots, 6 * 1024);
    expect(region.map((r) => [r.slot.name, r.start, r.count])).toEqual([
      ["b.weight", 4096 - 512, 512],
      ["c.weight", 0, 2048],
    ]);
    // With the shipped 4 MiB region, all three matrices are marked whole.
    expect(markRegion(slots).map((r) => [r.slot.name, r.start, r.count])).toEqual([
      ["a.weight", 0, 4096],
      ["b.weight", 0, 4096],
      ["c.weight", 0, 2048],
    ]);
    const copy = mark(file, "grant-a");
    expect(copy.marked).toBe(3);
    expect(copy.bytes.byteLength).toBe(file.byteLength);
    const bias = slots.find((s) => s.name === "c.bias")!;
    const biasBytes = (b: Uint8Array) => Buffer.from(b.subarray(bias.offset!, bias.offset! + 256));
    expect(biasBytes(copy.bytes).equals(biasBytes(file))).toBe(true);
    const [best] = trace(file, reorder(copy.bytes), grants);
    expect([best!.grantId, best!.pFamily < ATTRIBUTION_P_LIMIT]).toEqual(["grant-a", true]);
  });

  it("random bytes are not a weight file", () => {
    expect(() => readWeightTensors(randomBytes(4096))).toThrow();
  });
});
