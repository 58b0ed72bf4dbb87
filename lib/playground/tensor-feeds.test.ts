import { describe, expect, it } from "vitest";
import type { TOnnxValue } from "@/lib/schemas/inspection";
import { freeDims, jsonFeeds, packFeeds, randomFeeds } from "./tensor-feeds";

const inputs: TOnnxValue[] = [
  { name: "x", type: "float32", shape: ["batch", 3, -1] },
  { name: "sr", type: "int64", shape: [] },
];

describe("generic tensor feeds", () => {
  it("names the free dimensions and fills random inputs of the declared shapes, the same for the same seed", () => {
    expect(freeDims(inputs)).toEqual(["batch", "x[2]"]);
    const feeds = randomFeeds(inputs, { batch: 2, "x[2]": 4 }, 7);
    expect(feeds.map((f) => [f.name, f.type, f.dims, f.data.length])).toEqual([
      ["x", "float32", [2, 3, 4], 24],
      ["sr", "int64", [], 1],
    ]);
    expect(feeds[1]!.data.every(Number.isInteger)).toBe(true);
    expect(randomFeeds(inputs, { batch: 2, "x[2]": 4 }, 7)).toEqual(feeds);
    expect(() => randomFeeds([{ name: "s", type: "string", shape: [1] }], {})).toThrow(/string/);
  });

  it("reads JSON inputs and refuses wrong shapes, types, ragged arrays and missing inputs with a message", () => {
    const ok = jsonFeeds(
      inputs,
      JSON.stringify({
        x: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ],
        sr: 16000,
      }),
    );
    expect(ok).toEqual([
      { name: "x", type: "float32", dims: [1, 3, 2], data: [1, 2, 3, 4, 5, 6] },
      { name: "sr", type: "int64", dims: [], data: [16000] },
    ]);
    expect(() => jsonFeeds(inputs, "{")).toThrow(/not valid JSON/);
    expect(() => jsonFeeds(inputs, JSON.stringify({ x: [[[1], [2]]], sr: 1 }))).toThrow(/does not fit/);
    expect(() => jsonFeeds(inputs, JSON.stringify({ x: [[[1, 2], [3], [5, 6]]], sr: 1 }))).toThrow(/same shape/);
    expect(() => jsonFeeds(inputs, JSON.stringify({ x: [[[1], [2], [3]]], sr: 1.5 }))).toThrow(/whole numbers/);
    expect(() => jsonFeeds(inputs, JSON.stringify({ x: [[[1], [2], [3]]] }))).toThrow(/Missing input "sr"/);
  });

  it("packs each feed into its element type's typed array and lists the buffers to transfer", () => {
    const { feeds, transfer } = packFeeds([
      { name: "x", type: "float32", dims: [2], data: [0.5, -1] },
      { name: "n", type: "int64", dims: [1], data: [16000] },
      { name: "mask", type: "bool", dims: [3], data: [1, 0, 7] },
      { name: "b", type: "int8", dims: [1], data: [-3] },
    ]);
    expect(feeds.map((f) => [f.name, f.dims, f.data])).toEqual([
      ["x", [2], new Float32Array([0.5, -1])],
      ["n", [1], new BigInt64Array([16000n])],
      ["mask", [3], new Uint8Array([1, 0, 1])],
      ["b", [1], new Int8Array([-3])],
    ]);
    expect(transfer).toEqual(feeds.map((f) => f.data.buffer));
    expect(new Set(transfer).size).toBe(4);
  });
});
