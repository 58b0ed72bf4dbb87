import { describe, expect, it } from "vitest";
import { parseTarget, pathBatches } from "./pull";

describe("pathBatches", () => {
  it("packs encoded path= params into batches under the character and count limits, keeping order", () => {
    const paths = Array.from({ length: 12 }, (_, i) => `dir/file ${i}.bin`);
    const batches = pathBatches(paths, 80, 5);
    expect(batches.every((b) => b.length <= 80)).toBe(true);
    expect(batches.every((b) => b.split("&").length <= 5)).toBe(true);
    const back = batches.flatMap((b) => new URLSearchParams(b).getAll("path"));
    expect(back).toEqual(paths);
  });

  it("gives no batch for no paths, and one for a path longer than the limit (the server judges it)", () => {
    expect(pathBatches([])).toEqual([]);
    expect(pathBatches(["x".repeat(100)], 50)).toEqual([`path=${"x".repeat(100)}`]);
  });
});

describe("parseTarget", () => {
  it("takes org/name with an optional @revision, main by default", () => {
    expect(parseTarget("org/model")).toEqual({ slug: "org/model", revision: "main" });
    expect(parseTarget("org/model@v2")).toEqual({ slug: "org/model", revision: "v2" });
    expect(() => parseTarget("org/model@")).toThrow(/Empty revision/);
  });
});
