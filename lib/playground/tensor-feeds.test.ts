import { describe, expect, it } from "vitest";
import type { TOnnxValue } from "@/lib/schemas/inspection";
import { freeDims, jsonFeeds, randomFeeds } from "./tensor-feeds";

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
});
